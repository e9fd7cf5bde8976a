import CoAP
import LwM2M

/// One observation the engine holds for a device: what to send to establish it again after a
/// re-registration, the live CoAP observation and the task reading its notifications.
struct ObservationRecord: Sendable {
    /// The request that establishes it.
    var plan: PlannedRequest
    /// The live observation, nil while it is being re-established.
    var observation: CoAPObservation?
    /// The task reading notifications.
    var consumer: Task<Void, Never>?
    /// Bumped on each re-establishment so a stale consumer's end is ignored.
    var generation: Int
}
