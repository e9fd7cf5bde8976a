/// A style role a cell is drawn with; themes map roles to colours, the UI never names a colour.
public enum StyleRole: String, Sendable, Equatable, Hashable, CaseIterable {
    case title
    case border
    case borderFocused = "border.focused"
    case selection
    case selectionInactive = "selection.inactive"
    case text
    case textDim = "text.dim"
    case statusOK = "status.ok"
    case statusWarn = "status.warn"
    case statusError = "status.error"
    case alarmCritical = "alarm.critical"
    case alarmMajor = "alarm.major"
    case alarmMinor = "alarm.minor"
    case alarmWarning = "alarm.warning"
    case input
    case inputInvalid = "input.invalid"
    case flash
}
