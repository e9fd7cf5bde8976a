import Foundation

/// The data types of LwM2M resources (OMA LwM2M TS Core, Appendix C).
public enum ResourceType: String, Sendable, Hashable, CaseIterable {
    case string = "String"
    case integer = "Integer"
    case unsignedInteger = "Unsigned Integer"
    case float = "Float"
    case boolean = "Boolean"
    case opaque = "Opaque"
    case time = "Time"
    case objlnk = "Objlnk"
    case corelnk = "Corelnk"
    /// Executable resources carry no value.
    case none = "none"

    /// Parses a DDF `<Type>` value (case-insensitive; empty means `none`).
    public init?(ddfName: String) {
        let n = ddfName.trimmingCharacters(in: .whitespaces).lowercased()
        switch n {
        case "string": self = .string
        case "integer": self = .integer
        case "unsigned integer", "unsignedinteger", "unsigned": self = .unsignedInteger
        case "float": self = .float
        case "boolean": self = .boolean
        case "opaque": self = .opaque
        case "time": self = .time
        case "objlnk": self = .objlnk
        case "corelnk": self = .corelnk
        case "", "none": self = .none
        default: return nil
        }
    }
}
