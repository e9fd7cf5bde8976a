/// A line of a TOML-subset file that cannot be read: "file:line: reason".
public struct TOMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File name or path.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// "file:line: reason".
    public var description: String { "\(file):\(line): \(reason)" }
}
