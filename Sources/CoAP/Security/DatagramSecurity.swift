public import NIOCore

/// What a datagram security layer (DTLS) hands back after each call: datagrams to put on the
/// socket, decrypted application messages for the CoAP layer, and peers whose sessions ended.
public struct SecurityOutput: Sendable {
    /// Protected datagrams to send (handshake flights, records, alerts), each with its destination.
    public var datagrams: [AddressedEnvelope<ByteBuffer>]
    /// Decrypted application data (one CoAP message each), with the peer it came from.
    public var messages: [AddressedEnvelope<ByteBuffer>]
    /// Peers whose sessions closed or failed since the last call (their CoAP exchanges should fail).
    public var closed: [SocketAddress]

    /// Creates an output; all parts default to empty.
    public init(
        datagrams: [AddressedEnvelope<ByteBuffer>] = [],
        messages: [AddressedEnvelope<ByteBuffer>] = [],
        closed: [SocketAddress] = []
    ) {
        self.datagrams = datagrams
        self.messages = messages
        self.closed = closed
    }
}

/// The seam between the shared UDP socket and the CoAP message layer.
///
/// A plain endpoint has no security layer; a `coaps` endpoint has a DTLS one. Every call happens
/// on the endpoint's event loop, so implementations need no locking; time is passed in so tests
/// can drive timers by hand.
public protocol DatagramSecurity: AnyObject {
    /// Processes one datagram received from `peer`.
    func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput
    /// Protects one application message for `peer`; in the client role this starts a handshake
    /// when there is no session yet and sends the message once it completes.
    func outbound(_ message: ByteBuffer, to peer: SocketAddress, now: NIODeadline) -> SecurityOutput
    /// Drives handshake retransmissions and session expiry.
    func tick(now: NIODeadline) -> SecurityOutput
    /// The earliest time `tick` has work to do, if any.
    func nextDeadline() -> NIODeadline?
    /// The authenticated PSK identity of `peer`'s established session, if any.
    func identity(of peer: SocketAddress) -> String?
}
