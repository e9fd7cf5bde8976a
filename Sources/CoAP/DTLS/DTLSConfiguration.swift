public import NIOCore

/// Tunables of a DTLS layer: record size, timers, and the limits that bound its memory.
public struct DTLSConfiguration: Sendable {
    /// The GnuTLS priority string of the default suites: PSK with AES-128-CCM-8 (LwM2M's mandatory
    /// suite) first, then AES-128-CCM, AES-128-GCM-SHA256, AES-128-CBC-SHA256, CHACHA20-POLY1305,
    /// and the ECDHE-PSK suites GnuTLS implements (AES-128-CBC-SHA256, CHACHA20-POLY1305).
    public static let defaultPriority =
        "NONE:+VERS-DTLS1.2:+COMP-NULL:+SIGN-ALL:+GROUP-SECP256R1:+GROUP-X25519:+PSK:+ECDHE-PSK:"
        + "+AES-128-CCM-8:+AES-128-CCM:+AES-128-GCM:+AES-128-CBC:+CHACHA20-POLY1305:+AEAD:+SHA256"

    /// GnuTLS priority string selecting protocol version and cipher suites.
    public var priority: String
    /// Largest datagram the layer emits (records and handshake fragments fit in it).
    public var mtu: Int
    /// First handshake retransmission interval (GnuTLS doubles it on each retry).
    public var retransmitTimeout: TimeAmount
    /// A handshake not finished within this time fails.
    public var handshakeTimeout: TimeAmount
    /// An established session with no traffic for this long is closed.
    public var idleTimeout: TimeAmount
    /// Most handshakes in progress at once; when full, the oldest is abandoned for a new one.
    public var maxHandshakes: Int
    /// Most sessions (established or not); new handshakes are refused beyond it.
    public var maxSessions: Int
    /// Most application messages a client queues per peer while its handshake runs.
    public var maxQueuedMessages: Int
    /// PSK identity hint the server sends (none when nil).
    public var identityHint: String?
    /// How long the server's cookie secret lives; a cookie is honoured for one to two lifetimes.
    public var cookieKeyLifetime: TimeAmount
    /// Server: once an AEAD session has read its first application record, keep only its record
    /// layer (152 bytes) and free the ~9 KB GnuTLS session. Off: GnuTLS keeps every session.
    public var compactSessions: Bool

    /// Creates a configuration; the defaults suit an LwM2M server on a small box.
    public init(
        priority: String = DTLSConfiguration.defaultPriority,
        mtu: Int = 1280,
        retransmitTimeout: TimeAmount = .seconds(1),
        handshakeTimeout: TimeAmount = .seconds(30),
        idleTimeout: TimeAmount = .seconds(3600),
        maxHandshakes: Int = 256,
        maxSessions: Int = 100_000,
        maxQueuedMessages: Int = 32,
        identityHint: String? = nil,
        cookieKeyLifetime: TimeAmount = .seconds(300),
        compactSessions: Bool = true
    ) {
        self.priority = priority
        self.mtu = mtu
        self.retransmitTimeout = retransmitTimeout
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.maxHandshakes = maxHandshakes
        self.maxSessions = maxSessions
        self.maxQueuedMessages = maxQueuedMessages
        self.identityHint = identityHint
        self.cookieKeyLifetime = cookieKeyLifetime
        self.compactSessions = compactSessions
    }
}
