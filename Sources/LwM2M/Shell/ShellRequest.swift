/// One parsed line of a shell command: what to do, the optional per-request timeout and where
/// it came from.
public struct ShellRequest: Hashable, Sendable {
    /// The typed command.
    public var command: ShellCommand
    /// The `--timeout` given on the line, if any (the engine clamps it to its limits).
    public var timeout: Duration?
    /// The 1-based line number in the submitted text.
    public var lineNumber: Int
    /// The line as typed (without the line break).
    public var line: String

    /// Creates a request.
    public init(command: ShellCommand, timeout: Duration? = nil, lineNumber: Int, line: String) {
        self.command = command
        self.timeout = timeout
        self.lineNumber = lineNumber
        self.line = line
    }
}
