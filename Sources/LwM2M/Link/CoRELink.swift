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
