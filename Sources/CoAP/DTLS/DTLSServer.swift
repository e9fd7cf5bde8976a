public import NIOCore

/// The server side of DTLS 1.2 with pre-shared keys (GnuTLS) for one shared UDP socket.
///
/// New peers go through a stateless cookie exchange before any state is kept; a bounded number
/// of handshakes run at once (the oldest gives way to a new one); PSK identities are resolved by
/// the lookup closure; established sessions expire when idle; a fresh handshake from the same
/// address replaces the old session. Use it on one event loop only.
public final class DTLSServer: DatagramSecurity {
    private let table: DTLSSessionTable

    /// Creates a server; `keyLookup` maps a PSK identity to its key (nil: unknown identity,
    /// the handshake fails). Throws when the configuration is invalid.
    public init(configuration: DTLSConfiguration = DTLSConfiguration(), keyLookup: @escaping PSKKeyLookup) throws(DTLSError) {
        table = try DTLSSessionTable(serverConfiguration: configuration, lookup: keyLookup)
    }

    /// Processes one datagram from `peer`: handshake step, decrypted messages, or a cookie.
    public func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        table.inbound(datagram, from: peer, now: now)
    }

    /// Encrypts a message for an established peer; dropped when there is no session.
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

    /// The PSK identity `peer` authenticated with, once its handshake completed.
    public func identity(of peer: SocketAddress) -> String? {
        table.identity(of: peer)
    }

    /// Sends close_notify to `peer` and forgets its session.
    public func close(_ peer: SocketAddress) -> SecurityOutput {
        table.close(peer)
    }

    /// Counters since creation.
    public var statistics: DTLSStatistics { table.statistics }
    /// Sessions held (established and handshaking).
    public var sessionCount: Int { table.sessions.count }
    /// Handshakes in progress.
    public var handshakesInProgress: Int { table.handshakesInProgress }
}
