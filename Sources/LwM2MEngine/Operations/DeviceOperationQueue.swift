/// The operation queue of one device: FIFO, one request in flight at a time (CoAP's NSTART 1),
/// timeouts that return an operation to PENDING until the device's next Register/Update, and a
/// retry limit after which it FAILS (SPEC §5). Pure state; time is passed in.
public struct DeviceOperationQueue<Request: Sendable & Equatable>: Sendable, Equatable {
    /// How many unfinished operations the device may have (SPEC default 1000).
    public let limit: Int
    /// How many attempts an operation gets before it FAILS (SPEC default 3).
    public let maxAttempts: Int
    /// Unfinished operations in submission order (finished ones are handed back and dropped).
    public private(set) var operations: [QueuedOperation<Request>] = []
    /// True after a timeout: the device seems unreachable, so nothing more is sent until it
    /// next registers or updates (a timed-out request is resent then, as SPEC §5 asks).
    public private(set) var heldUntilNextContact = false

    /// Creates an empty queue.
    public init(limit: Int = 1000, maxAttempts: Int = 3) {
        self.limit = max(1, limit)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The number of PENDING operations.
    public var pendingCount: Int { operations.count(where: { $0.status == .pending }) }

    /// The operation in flight, if any.
    public var executing: QueuedOperation<Request>? { operations.first(where: { $0.status == .executing }) }

    /// Queues a request as PENDING; refused when the queue is full.
    public mutating func enqueue(
        _ request: Request, id: OperationID, timeout: Duration, now: ContinuousClock.Instant
    ) throws(OperationQueueError) {
        guard operations.count < limit else { throw .full(limit: limit) }
        operations.append(QueuedOperation(
            id: id, request: request, timeout: timeout, createdAt: now,
            status: .pending, attempts: 0, sentAt: nil, deadline: nil, failureReason: nil))
    }

    /// The device registered or updated: timed-out operations may be sent again.
    public mutating func deviceContacted() { heldUntilNextContact = false }

    /// The next operation to send now, marked EXECUTING; nil when one is in flight, the queue is
    /// held after a timeout, or nothing is pending.
    public mutating func dispatchNext(now: ContinuousClock.Instant) -> QueuedOperation<Request>? {
        guard !heldUntilNextContact, executing == nil,
              let index = operations.firstIndex(where: { $0.status == .pending }) else { return nil }
        operations[index].status = .executing
        operations[index].attempts += 1
        operations[index].sentAt = now
        operations[index].deadline = now + operations[index].timeout
        return operations[index]
    }

    /// The device's final answer arrived: SUCCESSFUL or FAILED. Returns the finished operation,
    /// or nil when it is unknown or no longer executing (an answer after its timeout).
    public mutating func complete(
        _ id: OperationID, success: Bool, failureReason: String? = nil
    ) -> QueuedOperation<Request>? {
        guard let index = operations.firstIndex(where: { $0.id == id }),
              operations[index].status == .executing else { return nil }
        var op = operations.remove(at: index)
        op.status = success ? .successful : .failed
        op.failureReason = success ? nil : (failureReason ?? "the device answered with an error")
        op.deadline = nil
        return op
    }

    /// Cancels a PENDING operation (FAILED, "cancelled by the operator").
    public mutating func cancel(_ id: OperationID) throws(OperationQueueError) -> QueuedOperation<Request> {
        guard let index = operations.firstIndex(where: { $0.id == id }) else { throw .notFound(id) }
        guard operations[index].status == .pending else { throw .notPending(id, operations[index].status) }
        var op = operations.remove(at: index)
        op.status = .failed
        op.failureReason = "cancelled by the operator"
        return op
    }

    /// Applies timeouts at `now`. An attempt past its deadline goes back to PENDING and holds
    /// the queue until the next contact, or FAILS when it has used all its attempts. Returns
    /// the operations that changed (PENDING again or FAILED).
    public mutating func expire(now: ContinuousClock.Instant) -> [QueuedOperation<Request>] {
        var changed: [QueuedOperation<Request>] = []
        var index = 0
        while index < operations.count {
            let op = operations[index]
            guard op.status == .executing, let deadline = op.deadline, deadline <= now else {
                index += 1
                continue
            }
            heldUntilNextContact = true
            if op.attempts >= maxAttempts {
                var failed = operations.remove(at: index)
                failed.status = .failed
                failed.deadline = nil
                failed.failureReason = "no answer from the device within \(Self.format(op.timeout)) after \(op.attempts) attempts"
                changed.append(failed)
            } else {
                operations[index].status = .pending
                operations[index].deadline = nil
                operations[index].sentAt = nil
                changed.append(operations[index])
                index += 1
            }
        }
        return changed
    }

    /// The earliest deadline of an attempt in flight.
    public var nextDeadline: ContinuousClock.Instant? { operations.compactMap(\.deadline).min() }

    static func format(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
