/// A change to the stored observations, applied in order by `applyObservationChanges`.
public enum EngineObservationChange: Sendable, Equatable {
    /// The observation was established (inserted, or its command replaced).
    case saved(EngineObservationRecord)
    /// The observation was cancelled.
    case removed(tenant: String, deviceID: String, key: String)
}
