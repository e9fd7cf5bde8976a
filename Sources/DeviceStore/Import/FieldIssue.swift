/// One problem with one field: which column and what is wrong.
public struct FieldIssue: Sendable, Equatable, Codable {
    /// The column (CSV header as SPEC spells it), or `nil` for a problem with the whole row.
    public var field: String?
    /// What is wrong, for people.
    public var message: String

    /// Creates an issue.
    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }
}
