/// A parsed theme file before inheritance and palette names are resolved.
public struct ThemeDocument: Sendable, Equatable {
    /// The file it came from (for errors).
    public var file: String
    /// `name = "…"`, if given.
    public var name: String?
    /// `inherits = "…"` and its line.
    public var inherits: (name: String, line: Int)?
    /// Palette entries: name → colour text and line.
    public var palette: [String: Located<String>] = [:]
    /// Role entries: role → attributes and line.
    public var roles: [StyleRole: Located<RoleSpec>] = [:]

    /// Creates an empty document.
    public init(file: String) {
        self.file = file
    }

    /// Documents compare by content.
    public static func == (lhs: ThemeDocument, rhs: ThemeDocument) -> Bool {
        lhs.file == rhs.file && lhs.name == rhs.name && lhs.inherits?.name == rhs.inherits?.name
            && lhs.inherits?.line == rhs.inherits?.line && lhs.palette == rhs.palette && lhs.roles == rhs.roles
    }
}
