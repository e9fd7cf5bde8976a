import NIOCore

// The small records a `PeerState` keeps: de-duplication entries, pending work, transfers.

/// A received message ID and the datagram we answered it with (nil while still being handled).
struct RecentMessage {
    var messageID: UInt16
    var expires: NIODeadline
    var reply: ByteBuffer?
}

/// A request being handled by an async handler.
struct PendingIncoming {
    var messageID: UInt16
    var type: CoAPMessageType
    var token: CoAPToken
    var options: CoAPOptions
    var block1: CoAPBlock?
    var block2: CoAPBlock?
    var ackDeadline: NIODeadline
    var acknowledged = false
}

/// A response we sent as CON (separate response or notification), retransmitted until the peer
/// acknowledges it; `completion` (notifications) learns of the ACK, an RST or giving up.
struct SeparateResponse {
    var messageID: UInt16
    var datagram: ByteBuffer
    var nextRetransmit: NIODeadline
    var timeout: TimeAmount
    var retransmissions = 0
    var completion: ((Result<Void, CoAPError>) -> Void)?
}

/// A Block1 request body being received.
struct BlockUpload {
    var body: [UInt8]
    var expires: NIODeadline
}

/// A response body served block by block (RFC 7959 §2.4) until it expires.
struct BlockBody {
    var response: CoAPResponse
    var expires: NIODeadline
}
