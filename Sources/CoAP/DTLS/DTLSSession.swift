import CGnuTLSShim
import NIOCore

/// One peer's GnuTLS session and the times that drive it. Small on purpose: thousands are held.
final class DTLSSession {
    /// The peer this session talks to.
    let peer: SocketAddress
    /// The GnuTLS session (`gnutls_session_t`), owned: freed on deinit.
    let handle: OpaquePointer
    /// When the handshake began (handshake timeout counts from here).
    let startedAt: NIODeadline
    /// True once the handshake completed.
    var isEstablished = false
    /// The authenticated PSK identity, once established.
    var identity: String?
    /// When a handshake in progress next needs GnuTLS (retransmission check).
    var retransmitAt: NIODeadline
    /// Last time application data moved either way (idle expiry counts from here).
    var lastActivity: NIODeadline
    /// Client role: messages waiting for the handshake to finish.
    var pending: [ByteBuffer] = []

    init(peer: SocketAddress, handle: OpaquePointer, now: NIODeadline) {
        self.peer = peer
        self.handle = handle
        self.startedAt = now
        self.retransmitAt = now
        self.lastActivity = now
    }

    deinit {
        gnutls_deinit(handle)
    }
}
