/// Where a binding applies: everywhere, or only when a pane has focus.
public enum KeyContext: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Any pane.
    case global = "Everywhere"
    /// The Devices pane.
    case devices = "Devices"
    /// The Details pane.
    case details = "Details"
    /// The Objects tab of Details.
    case objects = "Objects tab"
    /// The Bootstrap tab of Details.
    case bootstrap = "Bootstrap form"
    /// The Alarms pane.
    case alarms = "Alarms"
}
