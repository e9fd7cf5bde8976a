/// What reported a last known value (SPEC §6): a successful read or a notification.
public enum LastValueSource: String, Sendable, Hashable, Codable {
    /// The answer to a read (or to the observe request itself).
    case read
    /// A notification of an established observation.
    case notification
}
