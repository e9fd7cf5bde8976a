/// A strict RFC 8259 JSON parser over bytes that reports the byte offset of any error and bounds
/// nesting depth (it never recurses deeper than `maxDepth`).
struct JSONPayloadParser {
    /// Deepest nesting of arrays and objects accepted.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    /// Parses `bytes`, which must hold exactly one JSON value (surrounding whitespace allowed).
    static func parse(_ bytes: [UInt8]) throws(LwM2MDecodeError) -> JSONPayloadNode {
        var parser = JSONPayloadParser(bytes: bytes)
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw LwM2MDecodeError(byteOffset: parser.position, reason: "unexpected text after the JSON value")
        }
        return node
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ reason: String, at offset: Int? = nil) -> LwM2MDecodeError {
        LwM2MDecodeError(byteOffset: offset ?? position, reason: reason)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[position]) { position += 1 }
    }

    private func peek() throws(LwM2MDecodeError) -> UInt8 {
        guard position < bytes.count else { throw error("JSON ends too early") }
        return bytes[position]
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(LwM2MDecodeError) {
        guard try peek() == byte else { throw error("expected \(what)") }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws(LwM2MDecodeError) -> JSONPayloadNode {
        let start = position
        guard depth <= Self.maxDepth else { throw error("JSON nesting deeper than \(Self.maxDepth)") }
        switch try peek() {
        case UInt8(ascii: "{"): return JSONPayloadNode(offset: start, value: .object(try parseObject(depth: depth)))
        case UInt8(ascii: "["): return JSONPayloadNode(offset: start, value: .array(try parseArray(depth: depth)))
        case UInt8(ascii: "\""): return JSONPayloadNode(offset: start, value: .string(try parseString()))
        case UInt8(ascii: "t"): try parseLiteral("true"); return JSONPayloadNode(offset: start, value: .bool(true))
        case UInt8(ascii: "f"): try parseLiteral("false"); return JSONPayloadNode(offset: start, value: .bool(false))
        case UInt8(ascii: "n"): try parseLiteral("null"); return JSONPayloadNode(offset: start, value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONPayloadNode(offset: start, value: .number(try parseNumber()))
        default: throw error("expected a JSON value")
        }
    }

    private mutating func parseLiteral(_ word: String) throws(LwM2MDecodeError) {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw error("expected '\(word)'")
        }
        position += utf8.count
    }

    private mutating func parseObject(depth: Int) throws(LwM2MDecodeError) -> [JSONPayloadMember] {
        position += 1
        var members: [JSONPayloadMember] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") { position += 1; return members }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let name = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            skipWhitespace()
            members.append(JSONPayloadMember(name: name, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            let next = try peek()
            position += 1
            if next == UInt8(ascii: "}") { return members }
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object", at: position - 1) }
        }
    }

    private mutating func parseArray(depth: Int) throws(LwM2MDecodeError) -> [JSONPayloadNode] {
        position += 1
        var elements: [JSONPayloadNode] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") { position += 1; return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            let next = try peek()
            position += 1
            if next == UInt8(ascii: "]") { return elements }
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array", at: position - 1) }
        }
    }

    private mutating func parseNumber() throws(LwM2MDecodeError) -> String {
        let start = position
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[p]) { p += 1 }
            return p - s
        }
        var p = position
        if bytes[p] == UInt8(ascii: "-") { p += 1 }
        let intStart = p
        let intDigits = digits(&p)
        guard intDigits > 0 else { throw error("a number needs digits", at: p) }
        guard !(intDigits > 1 && bytes[intStart] == UInt8(ascii: "0")) else { throw error("a number must not start with 0", at: intStart) }
        if p < bytes.count, bytes[p] == UInt8(ascii: ".") {
            p += 1
            guard digits(&p) > 0 else { throw error("a number needs digits after '.'", at: p) }
        }
        if p < bytes.count, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            p += 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard digits(&p) > 0 else { throw error("a number needs digits in its exponent", at: p) }
        }
        position = p
        return String(decoding: bytes[start..<p], as: UTF8.self)
    }

    private mutating func parseString() throws(LwM2MDecodeError) -> String {
        let start = position
        position += 1
        var raw: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("string never ends", at: start) }
            let b = bytes[position]
            switch b {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: raw, as: UTF8.self) else { throw error("string is not valid UTF-8", at: start) }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                let escape = try peek()
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(escape)
                case UInt8(ascii: "b"): raw.append(0x08)
                case UInt8(ascii: "f"): raw.append(0x0c)
                case UInt8(ascii: "n"): raw.append(0x0a)
                case UInt8(ascii: "r"): raw.append(0x0d)
                case UInt8(ascii: "t"): raw.append(0x09)
                case UInt8(ascii: "u"): raw += try parseUnicodeEscape()
                default: throw error("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: position - 2)
                }
            case 0x00..<0x20:
                throw error("control character in a string must be escaped")
            default:
                // Copy the run of plain bytes up to the next quote, escape or control character at once.
                let runStart = position
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\"), bytes[position] >= 0x20 {
                    position += 1
                }
                raw.append(contentsOf: bytes[runStart..<position])
            }
        }
    }

    private mutating func parseHex4() throws(LwM2MDecodeError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw error("\\u needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Self.hexDigitValue(bytes[position]) else { throw error("\\u needs four hex digits") }
            v = v << 4 | UInt32(d)
            position += 1
        }
        return v
    }

    /// Decodes `XXXX` (after `\u`), joining a surrogate pair, into UTF-8.
    private mutating func parseUnicodeEscape() throws(LwM2MDecodeError) -> [UInt8] {
        let start = position - 2
        var code = try parseHex4()
        if (0xd800..<0xdc00).contains(code) {
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("lone high surrogate in a \\u escape", at: start)
            }
            position += 2
            let low = try parseHex4()
            guard (0xdc00..<0xe000).contains(low) else { throw error("bad surrogate pair in a \\u escape", at: start) }
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("\\u escape is not a Unicode character", at: start) }
        return Array(String(Character(scalar)).utf8)
    }

    /// The value of an ASCII hex digit.
    private static func hexDigitValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
