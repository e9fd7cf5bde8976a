/// Where a device stands with the engine, as the console shows it.
public enum ConnectionState: String, Sendable, Codable, CaseIterable {
    /// Imported but never contacted the servers.
    case neverSeen = "never seen"
    /// In a bootstrap exchange.
    case bootstrapping
    /// Registered with the LwM2M server.
    case registered
    /// Registered in queue mode and currently not reachable.
    case sleeping
    /// Registration expired or deregistered.
    case offline
}
