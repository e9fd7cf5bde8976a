/// Gives the CLI's `--timeout` to every command line of a text that has no `--timeout` itself.
enum ShellTextTimeout {
    /// True for a line the parser turns into an operation (not blank, not a `#` comment).
    static func isCommandLine(_ line: Substring) -> Bool {
        let trimmed = line.drop(while: \.isWhitespace)
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    /// The text with ` --timeout T` appended to each command line lacking one.
    static func apply(_ timeout: String?, to text: String) -> String {
        guard let timeout else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard isCommandLine(line), !line.contains("--timeout") else { return String(line) }
            var line = String(line)
            if line.hasSuffix("\r") { line.removeLast() }
            return line + " --timeout " + timeout
        }.joined(separator: "\n")
    }
}
