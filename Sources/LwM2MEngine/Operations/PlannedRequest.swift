import CoAP
import LwM2M

/// What the engine does for one shell command: the CoAP request, how to treat it, and the
/// path the answer is decoded at.
struct PlannedRequest: Sendable {
    /// How the request is carried out.
    enum Kind: Sendable, Equatable {
        /// One request, one answer.
        case exchange
        /// An Observe (or composite Observe) registration; notifications follow.
        case observe(key: String)
        /// Cancel an observation we hold: actively (GET Observe=1) or passively (RST on the next one).
        case cancelObservation(key: String, actively: Bool)
    }

    /// The request to send.
    var request: CoAPRequest
    /// How it is carried out.
    var kind: Kind
    /// Where values in the answer are decoded (root for composite answers).
    var decodePath: LwM2MPath
}
