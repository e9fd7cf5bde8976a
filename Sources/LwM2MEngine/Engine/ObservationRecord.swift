import CoAP
import LwM2M

/// One observation the engine holds for a device: what to send to establish it again after a
/// re-registration or an engine restart, the live CoAP observation and the task reading its
/// notifications.
struct ObservationRecord: Sendable {
    /// The request that establishes it.
    var plan: PlannedRequest
    /// The shell line that establishes it (`observe /3303/0/5700`, `cobserve /3/0/0 /3/0/9`):
    /// what is stored, and planned again for the device's formats when it is re-established.
    var command: String
    /// The live observation; nil while it is being re-established or after it ended.
    var observation: CoAPObservation?
    /// The task reading notifications.
    var consumer: Task<Void, Never>?
    /// Bumped on each re-establishment so a stale consumer's end is ignored.
    var generation: Int
    /// True while a request to establish it again is in flight.
    var reestablishing = false

    /// The shell line for an observe plan: GET is `observe`, FETCH (composite) is `cobserve`.
    static func command(for plan: PlannedRequest, key: String) -> String {
        plan.request.method == .fetch
            ? "cobserve " + key.split(separator: ",").joined(separator: " ")
            : "observe " + key
    }
}
