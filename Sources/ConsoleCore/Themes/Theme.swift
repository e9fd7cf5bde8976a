/// How one role is drawn.
public struct RoleStyle: Sendable, Equatable, Hashable {
    /// Foreground colour (nil: terminal default).
    public var foreground: ThemeColor?
    /// Background colour (nil: terminal default).
    public var background: ThemeColor?
    /// Bold.
    public var bold = false
    /// Underline.
    public var underline = false
    /// Reverse video.
    public var reverse = false

    /// Creates a style.
    public init(foreground: ThemeColor? = nil, background: ThemeColor? = nil, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }
}

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

/// A theme file refused, with the place and the reason: "file:line: reason".
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File name or path.
    public var file: String
    /// 1-based line (0 when the problem is the whole file).
    public var line: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// "file:line: reason".
    public var description: String { "\(file):\(line): \(reason)" }
}
