/// The Devices table's sort column (always ascending, ties broken by endpoint).
public enum DeviceSort: String, Sendable, Equatable, Hashable, CaseIterable {
    /// By endpoint name.
    case endpoint
    /// By security mode.
    case security
    /// By state.
    case state
    /// Most recently seen first.
    case lastSeen = "last seen"

    /// The next sort column, for the `s` key.
    public var next: DeviceSort {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }
}
