/// What keys go to: the panes, or an input line or overlay on top of them.
public enum Mode: Sendable, Equatable {
    /// Keys go through the keymap to the focused pane.
    case normal
    /// Typing edits the Devices filter.
    case filtering
    /// Typing edits the `:` command line.
    case command
    /// The help overlay is open.
    case help
    /// A confirmation dialog is open.
    case confirm(ConfirmDialog)
    /// The import flow overlay is open.
    case importFlow
    /// Typing edits the Bootstrap form.
    case editingForm
}
