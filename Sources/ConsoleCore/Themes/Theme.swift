/// A resolved theme: a style for every role.
public struct Theme: Sendable, Equatable {
    /// Theme name.
    public var name: String
    /// Style per role; roles missing here draw plain.
    public var styles: [StyleRole: RoleStyle]

    /// Creates a theme.
    public init(name: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role`.
    public func style(for role: StyleRole) -> RoleStyle { styles[role] ?? RoleStyle() }

    /// The theme with colours stepped down to what the terminal shows (attributes kept).
    public func adapted(to depth: ColorDepth) -> Theme {
        var adapted = self
        for (role, style) in styles {
            var copy = style
            copy.foreground = style.foreground?.adapted(to: depth)
            copy.background = style.background?.adapted(to: depth)
            adapted.styles[role] = copy
        }
        return adapted
    }
}
