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
