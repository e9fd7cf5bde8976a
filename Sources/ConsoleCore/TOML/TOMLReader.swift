/// Reads a TOML-subset file into its lines (blank lines and comments dropped); the caller
/// decides which sections and keys mean something.
public enum TOMLReader {
    /// The section headers and entries of `text`, in order; the first unreadable line throws.
    public static func lines(_ text: String, file: String) throws(TOMLSyntaxError) -> [TOMLLine] {
        var lines: [TOMLLine] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var scanner = LineScanner(line: String(rawLine), file: file, number: number, allowsArrays: true)
            scanner.skipSpaces()
            if scanner.atEnd { continue }
            if scanner.peek == "[" {
                lines.append(.section(name: try scanner.sectionHeader(), line: number))
                continue
            }
            let key = try scanner.key()
            try scanner.expect("=")
            let value = try scanner.value()
            try scanner.expectEnd()
            lines.append(.entry(key: key, value: value, line: number))
        }
        return lines
    }
}
