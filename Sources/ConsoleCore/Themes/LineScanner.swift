/// Reads one line of the TOML subset character by character.
struct LineScanner {
    private let characters: [Character]
    private var index = 0
    private let file: String
    private let number: Int

    init(line: String, file: String, number: Int) {
        characters = Array(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        self.file = file
        self.number = number
    }

    var atEnd: Bool { index >= characters.count || characters[index] == "#" }
    var peek: Character? { index < characters.count ? characters[index] : nil }

    mutating func skipSpaces() {
        while let character = peek, character == " " || character == "\t" { index += 1 }
    }

    func error(_ reason: String) -> ThemeError { ThemeError(file: file, line: number, reason: reason) }

    mutating func sectionHeader() throws(ThemeError) -> String {
        index += 1
        skipSpaces()
        let name = try key()
        skipSpaces()
        guard peek == "]" else { throw error("expected ] to close the section header") }
        index += 1
        try expectEnd()
        return name
    }

    mutating func key() throws(ThemeError) -> String {
        skipSpaces()
        if peek == "\"" { return try string() }
        var key = ""
        while let character = peek, character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
            key.append(character)
            index += 1
        }
        guard !key.isEmpty else { throw error("expected a key") }
        return key
    }

    mutating func expect(_ character: Character) throws(ThemeError) {
        skipSpaces()
        guard peek == character else { throw error("expected \"\(character)\"") }
        index += 1
    }

    mutating func expectEnd() throws(ThemeError) {
        skipSpaces()
        guard atEnd else { throw error("unexpected text after the value") }
    }

    mutating func value() throws(ThemeError) -> TOMLValue {
        skipSpaces()
        guard let character = peek else { throw error("missing value") }
        if character == "\"" { return .string(try string()) }
        if character == "{" { return try table() }
        var word = ""
        while let next = peek, next.isLetter || next.isNumber || next == "-" || next == "_" {
            word.append(next)
            index += 1
        }
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            if let number = Int(word) { return .integer(number) }
            throw error(word.isEmpty ? "unexpected \"\(character)\"" : "bad value \"\(word)\" (strings need quotes)")
        }
    }

    private mutating func string() throws(ThemeError) -> String {
        index += 1
        var text = ""
        while let character = peek {
            index += 1
            switch character {
            case "\"": return text
            case "\\":
                guard let escaped = peek else { throw error("unterminated string") }
                index += 1
                switch escaped {
                case "\"", "\\": text.append(escaped)
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: throw error("unknown escape \\\(escaped)")
                }
            default: text.append(character)
            }
        }
        throw error("unterminated string")
    }

    private mutating func table() throws(ThemeError) -> TOMLValue {
        index += 1
        var entries: [(String, TOMLValue)] = []
        skipSpaces()
        if peek == "}" {
            index += 1
            return .table(entries)
        }
        while true {
            let name = try key()
            if entries.contains(where: { $0.0 == name }) { throw error("\(name) is given twice") }
            try expect("=")
            let entry = try value()
            if case .table = entry { throw error("nested tables are not supported") }
            entries.append((name, entry))
            skipSpaces()
            if peek == "," {
                index += 1
                continue
            }
            if peek == "}" {
                index += 1
                return .table(entries)
            }
            throw error("expected , or } in the inline table")
        }
    }
}
