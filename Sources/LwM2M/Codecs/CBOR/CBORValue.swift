/// One CBOR data item (RFC 8949) as decoded, with the byte offset it starts at (for errors).
struct CBORItem: Sendable {
    /// Offset of the item's initial byte in the payload.
    var offset: Int
    /// The item.
    var value: CBORValue
}

/// The CBOR data model as far as LwM2M needs it.
enum CBORValue: Sendable {
    /// Major type 0.
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORItem])
    /// Map entries in payload order (duplicate keys are kept; callers decide).
    case map([CBORMapEntry])
    indirect case tagged(UInt64, CBORItem)
    case bool(Bool)
    case null
    case undefined
    /// A simple value other than false/true/null/undefined.
    case simple(UInt8)
    case float(Double)
}

/// One key/value pair of a CBOR map.
struct CBORMapEntry: Sendable {
    /// The key item.
    var key: CBORItem
    /// The value item.
    var value: CBORItem
}

extension CBORValue {
    /// A short name of the item's kind for error messages.
    var kindName: String {
        switch self {
        case .unsigned, .negative: "an integer"
        case .bytes: "a byte string"
        case .text: "a text string"
        case .array: "an array"
        case .map: "a map"
        case .tagged(let tag, _): "a value with tag \(tag)"
        case .bool: "a boolean"
        case .null: "null"
        case .undefined: "undefined"
        case .simple(let v): "simple value \(v)"
        case .float: "a float"
        }
    }
}
