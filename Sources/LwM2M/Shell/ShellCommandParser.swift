/// Parses shell command text (one command per line) into typed requests, checking paths,
/// values and operations against the object model so a bad command is refused before anything
/// is sent. See docs/shell-language.md.
public enum ShellCommandParser {
    /// Parses every line of `text`. Blank lines and lines starting with `#` are skipped. The
    /// first bad line fails the whole text (nothing is sent).
    public static func parse(_ text: String, model: ObjectModel) throws(ShellCommandError) -> [ShellRequest] {
        var requests: [ShellRequest] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on any line break rather than on "\n".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = String(rawLine)
            if let request = try parseLine(line, lineNumber: lineNumber, model: model) {
                requests.append(request)
            }
        }
        if requests.isEmpty {
            throw ShellCommandError(lineNumber: 0, line: text, message: "no command given; verbs: \(verbList)")
        }
        return requests
    }

    /// Parses one line; nil for a blank or comment line.
    public static func parseLine(_ line: String, lineNumber: Int = 1, model: ObjectModel) throws(ShellCommandError) -> ShellRequest? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
        let tokens: [ShellToken]
        do {
            tokens = try ShellTokenizer.tokenize(line)
        } catch {
            throw ShellCommandError(lineNumber: lineNumber, line: line, message: error.message)
        }
        guard let verbToken = tokens.first, let verb = ShellVerb(name: verbToken.text) else {
            let given = tokens.first.map { String($0.text) } ?? ""
            throw ShellCommandError(lineNumber: lineNumber, line: line, message: "unknown command '\(given)'; verbs: \(verbList)")
        }
        var parser = LineParser(line: line, lineNumber: lineNumber, verb: verb, model: model)
        try parser.separateOptions(Array(tokens.dropFirst()))
        let command = try parser.parseCommand()
        return ShellRequest(command: command, timeout: parser.timeout, lineNumber: lineNumber, line: line)
    }

    static let verbList = ShellVerb.allCases.map(\.rawValue).joined(separator: ", ")

    /// Parses a `--timeout` value: a number with `ms`, `s` or `m` (a bare number is ms).
    public static func parseDuration(_ text: some StringProtocol) -> Duration? {
        let lowered = text.lowercased()
        let (number, scale): (Substring, Double) =
            if lowered.hasSuffix("ms") { (lowered.dropLast(2), 1) }
            else if lowered.hasSuffix("s") { (lowered.dropLast(1), 1000) }
            else if lowered.hasSuffix("m") { (lowered.dropLast(1), 60_000) }
            else { (Substring(lowered), 1) }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value > 0, value * scale <= 86_400_000 else { return nil }
        return .milliseconds(Int64((value * scale).rounded()))
    }
}
