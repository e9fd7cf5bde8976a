/// The four panes focus cycles through with Tab.
public enum Pane: String, Sendable, Equatable, CaseIterable {
    /// The Devices table.
    case devices
    /// The Details tabs.
    case details
    /// The Shell.
    case shell
    /// The Alarms list.
    case alarms

    /// The pane after this one (wrapping).
    public var next: Pane {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }

    /// The pane before this one (wrapping).
    public var previous: Pane {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + all.count - 1) % all.count]
    }
}

/// The tabs of the Details pane.
public enum DetailsTab: String, Sendable, Equatable, CaseIterable {
    /// Registration facts.
    case info = "Info"
    /// External identifiers.
    case externalIDs = "External IDs"
    /// The editable bootstrap parameters.
    case bootstrap = "Bootstrap"
    /// The object tree.
    case objects = "Objects"
    /// Operation history.
    case operations = "Ops"
    /// Device events.
    case events = "Events"
}
