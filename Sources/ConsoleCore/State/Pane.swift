/// The four panes focus cycles through with Tab.
public enum Pane: String, Sendable, Equatable, CaseIterable {
    case devices
    case details
    case shell
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
    case info = "Info"
    case externalIDs = "External IDs"
    case bootstrap = "Bootstrap"
    case objects = "Objects"
    case operations = "Ops"
    case events = "Events"
}
