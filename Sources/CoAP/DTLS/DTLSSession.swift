import CGnuTLSShim
import NIOCore

/// One peer's DTLS session and the times that drive it. Small on purpose: thousands are held.
///
/// A session starts on a GnuTLS session (`handle`). Once a server session is established and
/// has read its first application record (GnuTLS then drops its handshake state), an AEAD
/// session is made compact: its record layer moves into `record` (152 bytes) and the ~9 KB
/// GnuTLS session is freed (see docs/dtls.md, "Compact established sessions").
final class DTLSSession {
    /// The peer this session talks to.
    let peer: SocketAddress
    /// The GnuTLS session (`gnutls_session_t`), owned: freed on deinit or when made compact
    /// (nil from then on).
    private(set) var handle: OpaquePointer?
    /// The record layer of a compact session (zeros while GnuTLS holds it).
    var record = cgnutls_record_state()
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
    /// True once `makeCompact` failed for a reason that will not change (suite, record limit),
    /// so the export (and its probe) is not repeated on every record.
    private var cannotCompact = false

    init(peer: SocketAddress, handle: OpaquePointer, now: NIODeadline) {
        self.peer = peer
        self.handle = handle
        self.startedAt = now
        self.retransmitAt = now
        self.lastActivity = now
    }

    /// Lifts the record layer out of GnuTLS and frees the GnuTLS session; false (nothing
    /// changed) when the session cannot be made compact (not an AEAD suite, data buffered).
    func makeCompact() -> Bool {
        guard let handle, !cannotCompact else { return false }
        let rc = cgnutls_record_state_export(handle, &record)
        guard rc == GNUTLS_E_SUCCESS else {
            // Data still buffered inside GnuTLS may clear; anything else is for good.
            cannotCompact = rc != GNUTLS_E_INVALID_REQUEST
            return false
        }
        self.handle = nil
        gnutls_deinit(handle)
        return true
    }

    deinit {
        if let handle { gnutls_deinit(handle) }
        cgnutls_record_state_wipe(&record)
    }
}
