/// Totals since the endpoint started; read them with `CoAPEndpoint.counters()`.
public struct CoAPCounters: Sendable, Hashable {
    /// Datagrams received from the socket.
    public var datagramsIn: UInt64 = 0
    /// Datagrams written to the socket.
    public var datagramsOut: UInt64 = 0
    /// Requests received (after de-duplication).
    public var requestsIn: UInt64 = 0
    /// Requests sent (first transmissions, one per block).
    public var requestsOut: UInt64 = 0
    /// CON retransmissions we sent.
    public var retransmissions: UInt64 = 0
    /// Duplicate messages received (answered from the cache or ignored).
    public var duplicates: UInt64 = 0
    /// Exchanges that timed out.
    public var timeouts: UInt64 = 0
    /// RST messages received.
    public var resetsIn: UInt64 = 0
    /// RST messages sent.
    public var resetsOut: UInt64 = 0
    /// Datagrams that were not valid CoAP (dropped or rejected with RST).
    public var malformed: UInt64 = 0
    /// Requests refused by a limit (peer table full, queue full, body too large).
    public var rejectedByLimit: UInt64 = 0
    /// Notifications received for live observations.
    public var notificationsIn: UInt64 = 0
    /// Peers removed after being idle.
    public var peersExpired: UInt64 = 0
    /// Peers currently in the table.
    public var peers: Int = 0

    /// Creates zeroed counters.
    public init() {}
}
