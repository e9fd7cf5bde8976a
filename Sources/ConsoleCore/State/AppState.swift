public import Foundation

/// The whole console state; `reduce` changes it, `render` draws it.
public struct AppState: Sendable, Equatable {
    /// Terminal size.
    public var size: TerminalSize
    /// The time of the last action (render reads time from here, never a clock).
    public var now: Date
    /// The focused pane.
    public var focus: Pane = .devices
    /// Where keys go.
    public var mode: Mode = .normal
    /// Devices table.
    public var devices = DevicesState()
    /// Details pane.
    public var details = DetailsState()
    /// Shell pane.
    public var shell = ShellState()
    /// Alarms pane.
    public var alarms = AlarmsState()
    /// Import overlay, when open.
    public var importFlow: ImportFlow?
    /// The `:` command line.
    public var commandLine = LineEditor()
    /// History of `:` lines.
    public var commandHistory = LineHistory()
    /// Candidates from the last completion, shown under the input.
    public var completions: [String] = []
    /// The bottom-line message.
    public var flash: Flash?
    /// Engine status for the header.
    public var engine = EngineStatus(state: .starting)
    /// Current tenant.
    public var tenant: String
    /// Current theme name.
    public var themeName: String
    /// Themes the operator can switch to (for completion).
    public var themeNames: [String]
    /// True when every change is refused.
    public var readOnly: Bool
    /// The key bindings.
    public var keymap: Keymap
    /// Scroll of the help overlay.
    public var helpScroll = 0

    /// Creates the initial state.
    public init(
        size: TerminalSize, now: Date, tenant: String = "default", themeName: String = "default",
        themeNames: [String] = ["default", "light", "high-contrast", "monochrome"], readOnly: Bool = false,
        keymap: Keymap = .standard
    ) {
        self.size = size
        self.now = now
        self.tenant = tenant
        self.themeName = themeName
        self.themeNames = themeNames
        self.readOnly = readOnly
        self.keymap = keymap
    }
}
