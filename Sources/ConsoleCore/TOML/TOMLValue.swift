/// A value of the TOML subset: strings, booleans, integers, inline tables and (configuration
/// only) arrays of plain values.
public enum TOMLValue: Sendable, Equatable {
    /// `"text"`
    case string(String)
    /// `true` / `false`
    case bool(Bool)
    /// `42`
    case integer(Int)
    /// `{ key = value, … }` in written order.
    case table([(String, TOMLValue)])
    /// `[value, …]`
    case array([TOMLValue])

    /// What kind of value this is, for messages ("a string", "an integer", …).
    public var kind: String {
        switch self {
        case .string: "a string"
        case .bool: "true/false"
        case .integer: "an integer"
        case .table: "an inline table"
        case .array: "an array"
        }
    }

    /// Equal kinds with equal contents (tables compare keys and values in order).
    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.table(let a), .table(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.array(let a), .array(let b)): a == b
        default: false
        }
    }
}
