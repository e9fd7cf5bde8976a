/// A DDF (OMA object definition XML) file that cannot be used, with where and why.
public struct DDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or folder) concerned.
    public let file: String
    /// The 1-based line, when known.
    public let line: Int?
    /// The DDF element or attribute at fault, e.g. `Item/Type` or `ObjectID`.
    public let field: String
    /// What is wrong, for a user.
    public let reason: String

    /// Creates an error.
    public init(file: String, line: Int?, field: String, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(field): \(reason)"
    }
}
