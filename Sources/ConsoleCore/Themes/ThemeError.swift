/// A theme file refused, with the place and the reason: "file:line: reason".
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File name or path.
    public var file: String
    /// 1-based line (0 when the problem is the whole file).
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
