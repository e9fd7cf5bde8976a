/// The four CoAP message types (RFC 7252 §3, the `T` field).
public enum CoAPMessageType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Confirmable: retransmitted until acknowledged or reset.
    case confirmable = 0
    /// Non-confirmable: sent once.
    case nonConfirmable = 1
    /// Acknowledgement of a confirmable message (may carry a piggy-backed response).
    case acknowledgement = 2
    /// Reset: the receiver could not process a message.
    case reset = 3

    /// The short name used in logs and RFC text: CON, NON, ACK, RST.
    public var description: String {
        switch self {
        case .confirmable: "CON"
        case .nonConfirmable: "NON"
        case .acknowledgement: "ACK"
        case .reset: "RST"
        }
    }
}
