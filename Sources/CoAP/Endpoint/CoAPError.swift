/// Why an exchange or an observation failed, with a message a user understands.
public struct CoAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad reason, for code that reacts differently (e.g. retry on timeout).
    public enum Kind: Sendable, Hashable {
        /// No answer before the deadline or after the last retransmission.
        case timeout
        /// The peer answered with RST.
        case reset
        /// The caller cancelled.
        case cancelled
        /// The peer's security session closed or failed.
        case peerClosed
        /// A configured limit (peers, queue, in-flight, body size) refused the request.
        case limitExceeded
        /// The peer's answer broke the protocol (e.g. a block-wise transfer out of order).
        case protocolViolation
        /// The endpoint was closed.
        case endpointClosed
    }

    /// The broad reason.
    public var kind: Kind
    /// What happened, naming the peer where useful.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
