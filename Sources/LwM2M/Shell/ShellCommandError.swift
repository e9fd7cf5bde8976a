/// A shell command that cannot be sent: which line, what is wrong and the syntax expected.
public struct ShellCommandError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line number (0 when the whole text is at fault, e.g. empty).
    public let lineNumber: Int
    /// The line as typed.
    public let line: String
    /// What is wrong, for a user.
    public let message: String
    /// The expected syntax of the verb, when the verb is known.
    public let syntax: String?

    /// Creates an error.
    public init(lineNumber: Int, line: String, message: String, syntax: String? = nil) {
        self.lineNumber = lineNumber
        self.line = line
        self.message = message
        self.syntax = syntax
    }

    public var description: String {
        var text = lineNumber > 0 ? "line \(lineNumber): \(message)" : message
        if let syntax { text += "\n  usage: \(syntax)" }
        return text
    }
}
