/// Options of a console session.
public struct ConsoleOptions: Sendable {
    /// Draw without colour (NO_COLOR): the monochrome theme, no colour escapes.
    public var noColor: Bool
    /// Capture the mouse.
    public var mouse: Bool
    /// Theme to start with.
    public var themeName: String
    /// Environment (TERM).
    public var environment: [String: String]

    /// Creates options.
    public init(noColor: Bool, mouse: Bool, themeName: String, environment: [String: String]) {
        self.noColor = noColor
        self.mouse = mouse
        self.themeName = themeName
        self.environment = environment
    }
}
