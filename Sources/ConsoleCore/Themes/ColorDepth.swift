/// How many colours the terminal shows.
public enum ColorDepth: String, Sendable, Equatable, CaseIterable {
    /// No colour (NO_COLOR or a monochrome terminal): attributes only.
    case none
    /// The 16 ANSI colours.
    case ansi16
    /// xterm's 256 colours.
    case indexed256
    /// 24-bit colour.
    case truecolor

    /// The depth for a terminal reporting `colors` colours (curses COLORS).
    public static func forColorCount(_ colors: Int) -> ColorDepth {
        if colors >= 0x1000000 { return .truecolor }
        if colors >= 256 { return .indexed256 }
        if colors >= 8 { return .ansi16 }
        return .none
    }
}
