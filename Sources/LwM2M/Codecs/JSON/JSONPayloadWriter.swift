/// Builds compact JSON text; callers write structure, the writer escapes strings.
struct JSONPayloadWriter {
    /// The text written so far.
    private(set) var text = ""

    /// Appends raw JSON punctuation or a pre-formatted number.
    mutating func raw(_ s: String) { text += s }

    /// Appends a quoted, escaped string.
    mutating func string(_ s: String) {
        text += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += s
            text += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Appends `"name":` for an object member.
    mutating func key(_ name: String) {
        string(name)
        text += ":"
    }

    /// Formats a float for JSON; refuses infinity and NaN, which JSON cannot carry.
    static func number(_ v: Double) throws(LwM2MEncodeError) -> String {
        guard v.isFinite else { throw LwM2MEncodeError(reason: "JSON cannot carry the float \(v)") }
        return "\(v)"
    }
}
