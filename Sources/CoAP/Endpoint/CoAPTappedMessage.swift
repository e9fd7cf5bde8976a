public import NIOCore

/// A CoAP message to or from a tapped peer, as it left or reached the message layer: plain CoAP
/// bytes (after decryption on a DTLS endpoint, before encryption on the way out).
public struct CoAPTappedMessage: Sendable {
    /// Which way the message went.
    public enum Direction: Sendable, Equatable {
        /// From the peer to this endpoint.
        case received
        /// From this endpoint to the peer.
        case sent
    }

    /// Which way it went.
    public var direction: Direction
    /// The peer it came from or went to.
    public var peer: SocketAddress
    /// The encoded CoAP message (decode with `CoAPMessageCodec.decode`).
    public var bytes: [UInt8]

    /// Creates a tapped message.
    public init(direction: Direction, peer: SocketAddress, bytes: [UInt8]) {
        self.direction = direction
        self.peer = peer
        self.bytes = bytes
    }
}
