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
        // JSONSerialization says where the text goes wrong ("around character 5"); JSONDecoder
        // does not, so it only runs on text already known to be JSON.
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return .failure(ParseFailure(message: detail ?? "not valid JSON"))
        }
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return .failure(ParseFailure(message: underlying ?? context.debugDescription))
        } catch {
            return .failure(ParseFailure(message: "\(error)"))
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
        case .float(let value): String(value)
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
