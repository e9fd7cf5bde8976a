/// What a key does in normal mode; the keymap maps keys to these.
public enum KeyCommand: String, Sendable, Equatable, Hashable, CaseIterable {
    case moveDown, moveUp, top, bottom, pageUp, pageDown
    case open, back
    case nextPane, previousPane
    case filter, nextMatch, previousMatch
    case command, sort, help, quit, refresh
    case nextTab, previousTab
    case importFile
    case acknowledge, clearAlarm, clearAllAlarms
    case deleteDevice
    case edit, save, reveal
    case read, write, execute, observe
}

/// Where a binding applies: everywhere, or only when a pane has focus.
public enum KeyContext: String, Sendable, Equatable, Hashable, CaseIterable {
    case global = "Everywhere"
    case devices = "Devices"
    case details = "Details"
    case objects = "Objects tab"
    case bootstrap = "Bootstrap form"
    case alarms = "Alarms"
}
