/// One link of a CoRE link-format document (RFC 6690): `<target>;name=value;…`.
public struct CoRELink: Hashable, Sendable, CustomStringConvertible {
    /// The URI reference between `<` and `>` (for LwM2M a path such as `/3/0`).
    public var target: String
    /// The link parameters in the order given.
    public var attributes: [CoRELinkAttribute]

    /// Creates a link.
    public init(target: String, attributes: [CoRELinkAttribute] = []) {
        self.target = target
        self.attributes = attributes
    }

    /// The value of the first attribute named `name`; `""` when it is present without a value,
    /// nil when absent.
    public func attribute(_ name: String) -> String? {
        guard let a = attributes.first(where: { $0.name == name }) else { return nil }
        return a.value ?? ""
    }

    /// The attribute `name` as a number (`pmin`, `pmax`, `gt`, `lt`, `st`, `dim`, …), nil when
    /// absent or not a number.
    public func numericAttribute(_ name: String) -> Double? {
        attribute(name).flatMap { Double($0) }
    }

    /// Discover's `dim`: how many instances a multiple resource has.
    public var dimension: Int? { attribute("dim").flatMap { Int($0) } }

    /// The LwM2M path the target names below `rootPath` (an alternate root path from the
    /// registration, `/` by default); nil for targets that are not LwM2M paths.
    public func lwm2mPath(rootPath: String = "/") -> LwM2MPath? {
        var root = rootPath
        if !root.hasSuffix("/") { root += "/" }
        var t = target
        if root != "/" {
            guard t.hasPrefix(root) || t + "/" == root else { return nil }
            t = String(t.dropFirst(min(root.count, t.count)))
        }
        return try? LwM2MPath(parsing: t)
    }

    /// The link in link format.
    public var description: String { CoRELinkFormat.render([self]) }
}

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

/// A link-format document that does not parse: where (byte offset) and why.
public struct CoRELinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the UTF-8 text where parsing failed.
    public var offset: Int
    /// Why the text is not link format.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid link format at byte \(offset): \(reason)" }
}
