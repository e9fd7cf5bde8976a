/// What a key does in normal mode; the keymap maps keys to these.
public enum KeyCommand: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Selection down one row.
    case moveDown
    /// Selection up one row.
    case moveUp
    /// Selection to the first row.
    case top
    /// Selection to the last row.
    case bottom
    /// Selection up one page.
    case pageUp
    /// Selection down one page.
    case pageDown
    /// Open or drill into the selection.
    case open
    /// Back out or cancel.
    case back
    /// Focus the next pane.
    case nextPane
    /// Focus the previous pane.
    case previousPane
    /// Edit the Devices filter.
    case filter
    /// Next device matching the filter.
    case nextMatch
    /// Previous device matching the filter.
    case previousMatch
    /// Open the `:` command line.
    case command
    /// Sort the Devices table by the next column.
    case sort
    /// Show the help overlay.
    case help
    /// Quit (asks when operations are pending).
    case quit
    /// Reload the visible data.
    case refresh
    /// Next Details tab.
    case nextTab
    /// Previous Details tab.
    case previousTab
    /// Start the import flow.
    case importFile
    /// Acknowledge the selected alarm.
    case acknowledge
    /// Clear the selected alarm.
    case clearAlarm
    /// Clear every alarm (asks first).
    case clearAllAlarms
    /// Delete the selected device (asks first).
    case deleteDevice
    /// Edit the Bootstrap form.
    case edit
    /// Save the Bootstrap form.
    case save
    /// Show or mask secret keys.
    case reveal
    /// Read the selected object node.
    case read
    /// Prefill the shell with a write to the selected node.
    case write
    /// Execute the selected resource.
    case execute
    /// Observe the selected node.
    case observe
}
