/// One operation in a device's queue, with the bookkeeping its lifecycle needs.
public struct QueuedOperation<Request: Sendable & Equatable>: Sendable, Equatable {
    /// The operation's ID.
    public let id: OperationID
    /// What to send.
    public let request: Request
    /// How long each attempt waits for the final answer (already clamped by the policy).
    public let timeout: Duration
    /// When the operator submitted it.
    public let createdAt: ContinuousClock.Instant
    /// Where it is in its lifecycle.
    public internal(set) var status: OperationStatus
    /// How many times it has been sent.
    public internal(set) var attempts: Int
    /// When the current attempt was sent (EXECUTING only).
    public internal(set) var sentAt: ContinuousClock.Instant?
    /// When the current attempt times out (EXECUTING only).
    public internal(set) var deadline: ContinuousClock.Instant?
    /// Why it failed, once FAILED.
    public internal(set) var failureReason: String?
}
