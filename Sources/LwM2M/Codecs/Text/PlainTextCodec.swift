/// text/plain (0): one value as text (numbers in decimal, booleans `0`/`1`, time in seconds,
/// object links `o:i`, opaque in base64 as LwM2M 1.1 allows).
enum PlainTextCodec {
    /// Decodes one value of `type`; unknown types (nil) stay the raw bytes.
    static func decode(_ payload: [UInt8], type: ResourceType?, path: LwM2MPath) throws(LwM2MDecodeError) -> ResourceValue {
        guard let type, type != .opaque || !payload.isEmpty else { return .opaque(payload) }
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw LwM2MDecodeError(byteOffset: firstInvalidUTF8Offset(payload), reason: "text/plain payload for \(path) is not valid UTF-8")
        }
        func fail(_ expected: String) -> LwM2MDecodeError {
            LwM2MDecodeError(byteOffset: 0, reason: "'\(text.prefix(40))' is not \(expected) (\(path) is \(type.rawValue))")
        }
        let trimmed = trimmedOfSpaces(text)
        switch type {
        case .string: return .string(text)
        case .corelnk: return .corelnk(text)
        case .integer:
            guard let v = Int64(trimmed) else { throw fail("an integer from -2^63 to 2^63-1") }
            return .integer(v)
        case .unsignedInteger:
            guard let v = UInt64(trimmed) else { throw fail("an unsigned integer") }
            return .unsignedInteger(v)
        case .time:
            guard let v = Int64(trimmed) else { throw fail("a time in seconds since 1970") }
            return .time(v)
        case .float:
            guard !trimmed.isEmpty, let v = Double(trimmed) else { throw fail("a number") }
            return .float(v)
        case .boolean:
            switch trimmed {
            case "1", "true": return .boolean(true)
            case "0", "false": return .boolean(false)
            default: throw fail("a boolean (0 or 1)")
            }
        case .objlnk:
            guard let link = ObjectLink(lwm2mText: trimmed) else { throw fail("an object link 'object:instance'") }
            return .objlnk(link)
        case .opaque:
            guard let bytes = Base64Text.decode(trimmed) else { throw fail("base64") }
            return .opaque(bytes)
        case .none:
            return .opaque(payload)
        }
    }

    /// Encodes one value as text.
    static func encode(_ value: ResourceValue) -> [UInt8] {
        Array(text(of: value).utf8)
    }

    /// The text/plain form of a value.
    static func text(of value: ResourceValue) -> String {
        switch value {
        case .string(let s), .corelnk(let s): s
        case .integer(let v), .time(let v): String(v)
        case .unsignedInteger(let v): String(v)
        case .float(let v): "\(v)"
        case .boolean(let v): v ? "1" : "0"
        case .objlnk(let link): "\(link.objectID):\(link.instanceID)"
        case .opaque(let bytes): Base64Text.encode(bytes)
        }
    }

    /// Offset of the first byte that starts a sequence which is not valid UTF-8.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b & 0xe0 == 0xc0 ? 2 : b & 0xf0 == 0xe0 ? 3 : b & 0xf8 == 0xf0 ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                  String(validating: bytes[i..<i + length], as: UTF8.self) != nil else { return i }
            i += length
        }
        return bytes.count
    }
}

/// The text without leading and trailing spaces, tabs and line breaks.
private func trimmedOfSpaces(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.first, let last = text.last, isSpace(first) || isSpace(last) else { return text }
    return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
}
