/// A device's lifecycle state as the console shows it.
public enum DeviceState: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Registered and reachable.
    case registered
    /// Talking to the bootstrap server.
    case bootstrapping
    /// Registered in queue mode, asleep.
    case sleeping
    /// Registration expired or deregistered.
    case offline
    /// Never registered.
    case never = "never seen"

    /// True when the device is reachable now.
    public var isOnline: Bool { self == .registered || self == .bootstrapping }
}
