public import NIOCore

/// The client side of DTLS 1.2 with a pre-shared key (GnuTLS): the first message to a peer
/// starts a handshake, messages queue until it completes and are then sent in order.
/// Use it on one event loop only.
public final class DTLSClient: DatagramSecurity {
    private let table: DTLSSessionTable

    /// Creates a client presenting `identity` with the raw `key` bytes. Throws when the
    /// configuration or credentials are invalid.
    public init(identity: String, key: [UInt8], configuration: DTLSConfiguration = DTLSConfiguration()) throws(DTLSError) {
        table = try DTLSSessionTable(clientConfiguration: configuration, identity: identity, key: key)
    }

    /// Processes one datagram from a server this client is talking to.
    public func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        table.inbound(datagram, from: peer, now: now)
    }

    /// Encrypts a message for `peer`, starting a handshake (and queueing the message) if needed.
    public func outbound(_ message: ByteBuffer, to peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        table.outbound(message, to: peer, now: now)
    }

    /// Retransmits handshake flights that are due, fails timed-out handshakes, expires idle sessions.
    public func tick(now: NIODeadline) -> SecurityOutput {
        table.tick(now: now)
    }

    /// The earliest time `tick` has work to do.
    public func nextDeadline() -> NIODeadline? {
        table.nextDeadline()
    }

    /// This client's own identity once the session with `peer` is established.
    public func identity(of peer: SocketAddress) -> String? {
        table.identity(of: peer)
    }

    /// True once the handshake with `peer` completed.
    public func isEstablished(with peer: SocketAddress) -> Bool {
        table.identity(of: peer) != nil
    }

    /// Sends close_notify to `peer` and forgets the session.
    public func close(_ peer: SocketAddress) -> SecurityOutput {
        table.close(peer)
    }

    /// Counters since creation.
    public var statistics: DTLSStatistics { table.statistics }
}
