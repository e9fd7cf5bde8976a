/// One parsed JSON value with the byte offset it starts at (for errors).
struct JSONPayloadNode: Sendable {
    /// Offset of the value's first byte in the payload.
    var offset: Int
    /// The value.
    var value: JSONPayloadValue
}

/// The JSON data model; numbers keep their text so integers of any size and floats stay exact.
enum JSONPayloadValue: Sendable {
    case object([JSONPayloadMember])
    case array([JSONPayloadNode])
    case string(String)
    /// The number exactly as written.
    case number(String)
    case bool(Bool)
    case null

    /// A short name of the value's kind for error messages.
    var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// One name/value member of a JSON object, in payload order.
struct JSONPayloadMember: Sendable {
    /// The member name.
    var name: String
    /// The member value.
    var value: JSONPayloadNode
}
