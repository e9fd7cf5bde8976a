import NIOCore

/// Everything the endpoint keeps about one peer; lives on the event loop only.
///
/// Kept small because an LwM2M server holds one per device: empty arrays and dictionaries do not
/// allocate, so an idle peer costs the object, its address and its few cached replies.
final class PeerState {
    let address: SocketAddress
    var lastActivity: NIODeadline
    var nextMessageID: UInt16
    /// The wake-up currently queued in the timer heap for this peer, if any.
    var scheduled: NIODeadline?

    /// Recently received message IDs and the reply we sent (for de-duplication), oldest first.
    var recent: [RecentMessage] = []

    /// Our requests on the wire (at most NSTART), then those waiting behind them.
    var inFlight: [OutgoingExchange] = []
    var queue: [OutgoingExchange] = []
    /// Our requests acknowledged by an empty ACK, waiting for a separate response.
    var awaitingResponse: [OutgoingExchange] = []
    /// Our live observations by token.
    var observations: [CoAPToken: ObservationState] = [:]

    /// Requests handed to async handlers and not yet answered, by pending ID.
    var pendingIncoming: [UInt64: PendingIncoming] = [:]
    /// Separate responses we sent as CON, until acknowledged.
    var separateResponses: [SeparateResponse] = []

    /// Block1 bodies being received, by request key.
    var block1Uploads: [String: BlockUpload] = [:]
    /// Large response bodies being served block by block, by request key.
    var block2Bodies: [String: BlockBody] = [:]

    init(address: SocketAddress, now: NIODeadline, firstMessageID: UInt16) {
        self.address = address
        self.lastActivity = now
        self.nextMessageID = firstMessageID
    }

    /// A fresh message ID for a message we originate.
    func takeMessageID() -> UInt16 {
        defer { nextMessageID &+= 1 }
        return nextMessageID
    }

    /// True when nothing is in progress, so the peer may expire.
    var isQuiet: Bool {
        inFlight.isEmpty && queue.isEmpty && awaitingResponse.isEmpty && observations.isEmpty
            && pendingIncoming.isEmpty && separateResponses.isEmpty && block1Uploads.isEmpty
    }

    /// The earliest timer this peer needs.
    var earliestDeadline: NIODeadline? {
        var earliest: NIODeadline?
        func consider(_ deadline: NIODeadline?) {
            guard let deadline else { return }
            if earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        }
        for exchange in inFlight {
            consider(exchange.deadline)
            consider(exchange.nextRetransmit)
        }
        for exchange in queue { consider(exchange.deadline) }
        for exchange in awaitingResponse { consider(exchange.deadline) }
        for pending in pendingIncoming.values where !pending.acknowledged && pending.type == .confirmable {
            consider(pending.ackDeadline)
        }
        for response in separateResponses { consider(response.nextRetransmit) }
        return earliest
    }
}
