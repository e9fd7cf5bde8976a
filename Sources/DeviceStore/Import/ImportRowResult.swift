/// What happened to one data row of an import.
public struct ImportRowResult: Sendable, Equatable, Codable {
    /// The outcome of a row.
    public enum Status: String, Sendable, Codable {
        /// A new device (in a dry run: would be created).
        case created
        /// An existing device of the tenant was updated (in a dry run: would be).
        case updated
        /// The row was refused; see `issues`.
        case failed
    }

    /// The line of the file the row starts on (the header is line 1).
    public var line: Int
    /// The row's device ID (or endpoint in the LwM2M-only layout), when it has one.
    public var id: String?
    /// The outcome.
    public var status: Status
    /// Why the row failed (empty unless `status == .failed`).
    public var issues: [FieldIssue]
    /// Things accepted with a change (e.g. an invalid binaryDeliveryEncoding became OPAQUE).
    public var warnings: [FieldIssue]

    /// Creates a row result.
    public init(line: Int, id: String?, status: Status, issues: [FieldIssue], warnings: [FieldIssue]) {
        self.line = line
        self.id = id
        self.status = status
        self.issues = issues
        self.warnings = warnings
    }

    /// All issues as one text ("column C: reason; …"), or `nil` for a good row.
    public var reason: String? {
        issues.isEmpty ? nil : issues.map { ($0.field.map { "column \($0): " } ?? "") + $0.message }
            .joined(separator: "; ")
    }
}
