/// Bootstrap parameter edits that were refused, one issue per bad field.
public struct BootstrapValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, field by field.
    public let issues: [FieldIssue]

    /// Creates the error.
    public init(issues: [FieldIssue]) {
        self.issues = issues
    }

    /// All issues on one line each: "field: message".
    public var description: String {
        issues.map { ($0.field.map { "\($0): " } ?? "") + $0.message }.joined(separator: "\n")
    }
}
