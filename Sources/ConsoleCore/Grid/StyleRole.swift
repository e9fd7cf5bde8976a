/// A style role a cell is drawn with; themes map roles to colours, the UI never names a colour.
public enum StyleRole: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The `title` role.
    case title
    /// The `border` role.
    case border
    /// The `border.focused` role.
    case borderFocused = "border.focused"
    /// The `selection` role.
    case selection
    /// The `selection.inactive` role.
    case selectionInactive = "selection.inactive"
    /// The `text` role.
    case text
    /// The `text.dim` role.
    case textDim = "text.dim"
    /// The `status.ok` role.
    case statusOK = "status.ok"
    /// The `status.warn` role.
    case statusWarn = "status.warn"
    /// The `status.error` role.
    case statusError = "status.error"
    /// The `alarm.critical` role.
    case alarmCritical = "alarm.critical"
    /// The `alarm.major` role.
    case alarmMajor = "alarm.major"
    /// The `alarm.minor` role.
    case alarmMinor = "alarm.minor"
    /// The `alarm.warning` role.
    case alarmWarning = "alarm.warning"
    /// The `input` role.
    case input
    /// The `input.invalid` role.
    case inputInvalid = "input.invalid"
    /// The `flash` role.
    case flash
}
