/// Reads one line of the TOML subset character by character (shared by themes and the
/// configuration file; arrays of values only when `allowsArrays`, so theme files keep their
/// original messages).
struct LineScanner {
    private let characters: [Character]
    private var index = 0
    private let file: String
    private let number: Int
    private let allowsArrays: Bool

    init(line: String, file: String, number: Int, allowsArrays: Bool = false) {
        characters = Array(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        self.file = file
        self.number = number
        self.allowsArrays = allowsArrays
    }

    var atEnd: Bool { index >= characters.count || characters[index] == "#" }
    var peek: Character? { index < characters.count ? characters[index] : nil }

    mutating func skipSpaces() {
        while let character = peek, character == " " || character == "\t" { index += 1 }
    }

    func error(_ reason: String) -> TOMLSyntaxError { TOMLSyntaxError(file: file, line: number, reason: reason) }

    mutating func sectionHeader() throws(TOMLSyntaxError) -> String {
        index += 1
        skipSpaces()
        let name = try key()
        skipSpaces()
        guard peek == "]" else { throw error("expected ] to close the section header") }
        index += 1
        try expectEnd()
        return name
    }

    mutating func key() throws(TOMLSyntaxError) -> String {
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

    mutating func expect(_ character: Character) throws(TOMLSyntaxError) {
        skipSpaces()
        guard peek == character else { throw error("expected \"\(character)\"") }
        index += 1
    }

    mutating func expectEnd() throws(TOMLSyntaxError) {
        skipSpaces()
        guard atEnd else { throw error("unexpected text after the value") }
    }

    mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
        skipSpaces()
        guard let character = peek else { throw error("missing value") }
        if character == "\"" { return .string(try string()) }
        if character == "{" { return try table() }
        if character == "[", allowsArrays { return try array() }
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

    private mutating func string() throws(TOMLSyntaxError) -> String {
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

    private mutating func table() throws(TOMLSyntaxError) -> TOMLValue {
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

    private mutating func array() throws(TOMLSyntaxError) -> TOMLValue {
        index += 1
        var elements: [TOMLValue] = []
        while true {
            skipSpaces()
            if peek == "]" {
                index += 1
                return .array(elements)
            }
            let element = try value()
            switch element {
            case .table, .array: throw error("arrays hold plain values only")
            default: elements.append(element)
            }
            skipSpaces()
            if peek == "," {
                index += 1
                continue
            }
            guard peek == "]" else { throw error("expected , or ] in the array") }
        }
    }
}
