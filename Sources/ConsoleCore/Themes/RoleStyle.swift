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
