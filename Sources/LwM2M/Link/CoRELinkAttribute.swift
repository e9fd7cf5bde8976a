/// One link parameter: `name`, `name=token` or `name="quoted string"`.
public struct CoRELinkAttribute: Hashable, Sendable {
    /// The parameter name (`rt`, `ct`, `ver`, `pmin`, …).
    public var name: String
    /// The value without quotes; nil for a parameter given without `=`.
    public var value: String?
    /// Whether the value is written in quotes when rendered.
    public var isQuoted: Bool

    /// Creates an attribute; by default the value is quoted when it must be (characters outside
    /// a token) or by custom (`rt`, `if`, `title`, `anchor`, `rel`).
    public init(name: String, value: String? = nil, quoted: Bool? = nil) {
        self.name = name
        self.value = value
        self.isQuoted = quoted ?? value.map { Self.customarilyQuoted.contains(name) || !Self.isToken($0) } ?? false
    }

    static let customarilyQuoted: Set<String> = ["rt", "if", "title", "anchor", "rel", "rev"]

    /// True when `text` is a non-empty RFC 5988 `ptoken` that can go unquoted.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'()*+-./:<=>?@[]^_`{|}~".utf8).contains(b)
        }
    }
}
