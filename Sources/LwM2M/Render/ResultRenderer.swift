/// Renders decoded values for people: one line per resource (instance), named from the object
/// model: `/3/0/0 Manufacturer = "Acme"`, `/3/0/7/1 Power Source Voltage[1] = 5000 mV`,
/// opaque as hex, time as ISO 8601 UTC, object links as `3:0`.
public struct ResultRenderer: Sendable {
    /// The model names and units come from.
    public var model: ObjectModel
    /// Opaque values longer than this many bytes are shortened (with their full length shown).
    public var opaqueDisplayLimit: Int

    /// Creates a renderer.
    public init(model: ObjectModel, opaqueDisplayLimit: Int = 64) {
        self.model = model
        self.opaqueDisplayLimit = opaqueDisplayLimit
    }

    /// One line per value, in path order.
    public func lines(for nodes: LwM2MNodes) -> [String] {
        nodes.sortedPaths.compactMap { path in nodes.values[path].map { line(path: path, value: $0) } }
    }

    /// All lines joined with newlines.
    public func render(_ nodes: LwM2MNodes) -> String { lines(for: nodes).joined(separator: "\n") }

    /// The line for one value.
    public func line(path: LwM2MPath, value: ResourceValue) -> String {
        guard let resource = model.resource(at: path) else {
            return "\(path) (unknown resource) = \(rawText(value))"
        }
        var name = resource.name
        if let instance = path.resourceInstanceID { name += "[\(instance)]" }
        var text = "\(path) \(name) = \(format(value))"
        if let units = resource.units, value.isNumeric { text += " \(units)" }
        return text
    }

    /// A value as text: strings quoted and escaped, opaque as `0x…` hex with its length, time as
    /// ISO 8601 UTC, object links as `o:i`.
    public func format(_ value: ResourceValue) -> String {
        switch value {
        case .string(let text): return Self.quoted(text)
        case .integer(let number): return String(number)
        case .unsignedInteger(let number): return String(number)
        case .float(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .opaque(let bytes):
            let shown = bytes.count > opaqueDisplayLimit ? HexBytes.string(Array(bytes.prefix(opaqueDisplayLimit))) + "…" : HexBytes.string(bytes)
            return "0x\(shown) (\(bytes.count) byte\(bytes.count == 1 ? "" : "s"))"
        case .time(let seconds): return ISO8601Time.string(seconds)
        case .objlnk(let link):
            return link.objectID == 65535 && link.instanceID == 65535 ? "\(link) (null link)" : link.description
        case .corelnk(let text): return text
        }
    }

    /// For a resource the model lacks: the value, plus the text when raw bytes are readable.
    private func rawText(_ value: ResourceValue) -> String {
        if case .opaque(let bytes) = value, !bytes.isEmpty,
           let text = String(validating: bytes, as: UTF8.self), text.allSatisfy({ !$0.isASCII || $0.isLetter || $0.isNumber || $0.isPunctuation || $0.isSymbol || $0 == " " }) {
            return "\(format(value)) \(Self.quoted(text))"
        }
        return format(value)
    }

    /// Double-quotes text, escaping quotes, backslashes and control characters.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension ResourceValue {
    /// True for the value kinds units apply to.
    var isNumeric: Bool {
        switch self {
        case .integer, .unsignedInteger, .float: true
        default: false
        }
    }
}
