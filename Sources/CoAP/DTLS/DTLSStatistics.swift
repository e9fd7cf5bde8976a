/// Counters of a DTLS layer since it was created, for logs, tests and benchmarks.
public struct DTLSStatistics: Sendable, Equatable {
    /// Handshakes that completed.
    public var handshakesCompleted = 0
    /// Handshakes that failed (alert, bad key, unknown identity, timeout).
    public var handshakesFailed = 0
    /// Handshakes in progress abandoned to make room for newer ones.
    public var handshakesEvicted = 0
    /// HelloVerifyRequests sent (stateless cookie exchanges).
    public var cookiesSent = 0
    /// New handshakes refused because the session table was full.
    public var sessionsRefused = 0
    /// Sessions replaced by a fresh handshake from the same address.
    public var sessionsReplaced = 0
    /// Sessions closed for idleness.
    public var sessionsExpired = 0
    /// Established server sessions whose GnuTLS session was freed, keeping the record layer only.
    public var sessionsCompacted = 0
    /// Records discarded (failed to decrypt, replayed, out of window, wrong epoch).
    public var recordsDropped = 0
    /// Datagrams dropped before reaching GnuTLS (not DTLS, no session for them).
    public var datagramsDropped = 0
    /// Outbound messages dropped (no session in the server role, too large, queue full, failed).
    public var messagesDropped = 0

    /// Creates zeroed counters.
    public init() {}
}
