import NIOCore

/// A request we send and its retransmission state; lives on the event loop only.
final class OutgoingExchange {
    /// Caller-chosen ID used for cancellation.
    let id: UInt64
    /// The request (token set; message ID assigned on first transmission).
    var message: CoAPMessage
    /// The encoded datagram, kept for retransmission.
    var datagram: ByteBuffer?
    /// When the caller gives up.
    let deadline: NIODeadline
    /// When to retransmit next (CON, not yet acknowledged).
    var nextRetransmit: NIODeadline?
    /// The current retransmission timeout, doubled after each retransmission.
    var retransmitTimeout: TimeAmount = .zero
    /// Retransmissions sent so far.
    var retransmissions = 0
    /// True once an empty ACK arrived (a separate response is expected).
    var acknowledged = false
    /// Set when this request registers an observation (Observe=0).
    let observer: ((ObservationEvent) -> Void)?
    /// Called exactly once with the response or the failure.
    private var completion: ((Result<CoAPMessage, CoAPError>) -> Void)?

    init(
        id: UInt64, message: CoAPMessage, deadline: NIODeadline,
        observer: ((ObservationEvent) -> Void)?, completion: @escaping (Result<CoAPMessage, CoAPError>) -> Void
    ) {
        self.id = id
        self.message = message
        self.deadline = deadline
        self.observer = observer
        self.completion = completion
    }

    /// Delivers the result once; later calls are ignored.
    func complete(_ result: Result<CoAPMessage, CoAPError>) {
        let completion = self.completion
        self.completion = nil
        completion?(result)
    }
}

/// What an observation reports to its owner.
enum ObservationEvent: Sendable {
    /// A fresh notification (stale ones are dropped before this).
    case notification(CoAPMessage)
    /// The observation ended; no more events follow.
    case ended(CoAPError)
}

/// A live observation: the token, the ordering state and who to tell.
final class ObservationState {
    let id: UInt64
    /// The registration request, reused (with Observe=1) to cancel actively.
    let request: CoAPMessage
    var lastSequence: UInt32?
    var lastTime: NIODeadline
    let onEvent: (ObservationEvent) -> Void

    init(id: UInt64, request: CoAPMessage, sequence: UInt32?, now: NIODeadline, onEvent: @escaping (ObservationEvent) -> Void) {
        self.id = id
        self.request = request
        self.lastSequence = sequence
        self.lastTime = now
        self.onEvent = onEvent
    }

    /// RFC 7641 §3.4: is `sequence` received at `now` newer than the last one?
    func isFresh(_ sequence: UInt32, now: NIODeadline) -> Bool {
        guard let last = lastSequence else { return true }
        let v1 = last & 0xFF_FFFF
        let v2 = sequence & 0xFF_FFFF
        let window: UInt32 = 1 << 23
        return (v1 < v2 && v2 - v1 < window) || (v1 > v2 && v1 - v2 > window)
            || now > lastTime + .seconds(128)
    }
}
