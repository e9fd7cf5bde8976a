import Foundation

/// A JSON value as typed in a shell command (`cwrite`, `writep`, `create`, `coap`), keeping
/// integers apart from floats so values can be checked against resource types.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .integer(value); return }
        if let value = try? container.decode(UInt64.self) { self = .unsigned(value); return }
        if let value = try? container.decode(Double.self) { self = .float(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([String: JSONValue].self) { self = .object(value); return }
        self = .array(try container.decode([JSONValue].self))
    }

    /// Parses JSON text; the error message says why it is not JSON.
    static func parse(_ text: String) -> Result<JSONValue, ParseFailure> {
        // JSONSerialization says where the text goes wrong ("around character 5"), and its
        // numbers remember whether the text had a fraction or exponent: `1.0` must stay a
        // Float, or an untyped TLV write sends it as a 1-byte Integer (Wakaama answers 4.00).
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return .failure(ParseFailure(message: detail ?? "not valid JSON"))
        }
        guard let value = JSONValue(serialized: object) else {
            return .failure(ParseFailure(message: "not valid JSON"))
        }
        return .success(value)
    }

    /// Converts what `JSONSerialization` returned; nil for anything it never returns.
    init?(serialized object: Any) {
        switch object {
        case is NSNull:
            self = .null
        case let number as NSNumber:
            self = Self.number(number)
        case let text as String:
            self = .string(text)
        case let items as [Any]:
            var values: [JSONValue] = []
            for item in items {
                guard let value = JSONValue(serialized: item) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case let members as [String: Any]:
            var values: [String: JSONValue] = [:]
            for (key, item) in members {
                guard let value = JSONValue(serialized: item) else { return nil }
                values[key] = value
            }
            self = .object(values)
        default:
            return nil
        }
    }

    /// A number by the type JSONSerialization gave it: `c` is true/false, `d`/`f` had a
    /// fraction or exponent, `Q` only fits unsigned; everything else is a signed integer.
    private static func number(_ number: NSNumber) -> JSONValue {
        switch String(cString: number.objCType) {
        case "c", "B": return .bool(number.boolValue)
        case "d", "f": return .float(number.doubleValue)
        case "Q": return .unsigned(number.uint64Value)
        default: return .integer(number.int64Value)
        }
    }

    /// Why a text is not JSON.
    struct ParseFailure: Error { var message: String }

    /// The text of a scalar as the shell would have typed it; nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        // `300.0` still fits an Integer resource, as it did before floats kept their type.
        case .float(let value): Int64(exactly: value).map { String($0) } ?? String(value)
        case .string(let value): value
        case .null, .array, .object: nil
        }
    }

    /// True for arrays and objects.
    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }

    /// A short name of the JSON kind, for errors.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsigned, .float: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
