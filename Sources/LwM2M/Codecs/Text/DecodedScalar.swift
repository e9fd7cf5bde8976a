/// A value as a self-describing format (JSON, CBOR, SenML) carries it, before the object model's
/// type is applied.
enum DecodedScalar: Sendable {
    case integer(Int64)
    case unsignedInteger(UInt64)
    case float(Double)
    case string(String)
    case boolean(Bool)
    case bytes([UInt8])
    case objlnk(ObjectLink)

    /// Reads a JSON number as written: integers stay exact, anything with a fraction or exponent
    /// (or out of 64-bit range) is a float.
    init?(jsonNumber text: String) {
        let isIntegral = !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        if isIntegral, let v = Int64(text) { self = .integer(v) }
        else if isIntegral, let v = UInt64(text) { self = .unsignedInteger(v) }
        else if let v = Double(text) { self = .float(v) }
        else { return nil }
    }

    /// The value as the format carries it, for a resource the model does not type.
    var inferred: ResourceValue {
        switch self {
        case .integer(let v): .integer(v)
        case .unsignedInteger(let v): .unsignedInteger(v)
        case .float(let v): .float(v)
        case .string(let v): .string(v)
        case .boolean(let v): .boolean(v)
        case .bytes(let v): .opaque(v)
        case .objlnk(let v): .objlnk(v)
        }
    }

    /// Applies the model's type. Where the payload's value does not fit the type (a client that
    /// sends a float for an integer resource), the value is kept as the payload says rather than
    /// failing the whole payload: an operator sees what the device sent.
    func typed(as type: ResourceType?) -> ResourceValue {
        switch (type, self) {
        case (.string?, .string(let s)): return .string(s)
        case (.corelnk?, .string(let s)): return .corelnk(s)
        case (.objlnk?, .string(let s)):
            if let link = ObjectLink(lwm2mText: s) { return .objlnk(link) }
        case (.integer?, .unsignedInteger(let v)):
            if let i = Int64(exactly: v) { return .integer(i) }
        case (.integer?, .float(let v)):
            if let i = Int64(exactly: v) { return .integer(i) }
        case (.unsignedInteger?, .integer(let v)):
            if let u = UInt64(exactly: v) { return .unsignedInteger(u) }
        case (.unsignedInteger?, .float(let v)):
            if let u = UInt64(exactly: v) { return .unsignedInteger(u) }
        case (.float?, .integer(let v)): return .float(Double(v))
        case (.float?, .unsignedInteger(let v)): return .float(Double(v))
        case (.time?, .integer(let v)): return .time(v)
        case (.time?, .unsignedInteger(let v)):
            if let i = Int64(exactly: v) { return .time(i) }
        case (.time?, .float(let v)):
            // Seconds with a fraction: the model keeps whole seconds.
            if v.isFinite, let i = Int64(exactly: v.rounded(.down)) { return .time(i) }
        case (.boolean?, .integer(let v)) where v == 0 || v == 1: return .boolean(v == 1)
        default: break
        }
        return inferred
    }
}

extension ObjectLink {
    /// Parses the text form `objectID:instanceID` used by text/plain and the JSON formats.
    init?(lwm2mText text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let o = UInt16(parts[0]), let i = UInt16(parts[1]) else { return nil }
        self.init(objectID: o, instanceID: i)
    }
}
