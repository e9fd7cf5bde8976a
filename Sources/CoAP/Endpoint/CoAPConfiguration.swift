public import NIOCore

/// Transmission parameters (RFC 7252 §4.8) and limits of one endpoint; defaults follow the RFC.
public struct CoAPConfiguration: Sendable {
    /// Initial retransmission timeout before randomisation (ACK_TIMEOUT, 2 s).
    public var ackTimeout: TimeAmount = .seconds(2)
    /// The initial timeout is ACK_TIMEOUT × a random factor in [1, ACK_RANDOM_FACTOR] (1.5).
    public var ackRandomFactor: Double = 1.5
    /// Retransmissions of a CON before giving up (MAX_RETRANSMIT, 4).
    public var maxRetransmit: Int = 4
    /// Requests we keep outstanding per peer at once (NSTART, 1); the rest wait in the peer's queue.
    public var nstart: Int = 1
    /// How long a received message ID is remembered for de-duplication (EXCHANGE_LIFETIME, 247 s).
    public var exchangeLifetime: TimeAmount = .seconds(247)
    /// How long an async handler may take before we send an empty ACK and answer separately later.
    public var separateResponseDelay: TimeAmount = .seconds(1)
    /// A peer with nothing pending and no traffic for this long leaves the table.
    public var peerIdleTimeout: TimeAmount = .seconds(300)
    /// Most peers in the table; datagrams from new peers beyond it are dropped and counted.
    public var maxPeers: Int = 200_000
    /// Most of our requests in flight, queued or awaiting a separate response, over all peers.
    public var maxOutstandingRequests: Int = 100_000
    /// Most requests waiting in one peer's queue behind NSTART.
    public var maxQueuedPerPeer: Int = 64
    /// Most responses cached per peer for de-duplication (oldest dropped first).
    public var maxCachedResponsesPerPeer: Int = 8
    /// Most cached responses over all peers (a new entry past it is not cached).
    public var maxCachedResponses: Int = 1_000_000
    /// Block size we use for our block-wise transfers, 16–1024 bytes (a peer may ask for smaller).
    public var blockSize: Int = 1024
    /// Largest request body we reassemble from Block1 transfers, in bytes.
    public var maxRequestBodySize: Int = 1 << 20
    /// Largest response body we reassemble from Block2 transfers, in bytes.
    public var maxResponseBodySize: Int = 16 << 20
    /// Token length for our requests, 1–8 bytes.
    public var tokenLength: Int = 8

    /// Creates the RFC 7252 defaults.
    public init() {}
}
