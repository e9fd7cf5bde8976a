import Testing
@testable import LwM2MEngine

@Suite("Device operation queue")
struct DeviceOperationQueueTests {
    let t0 = ContinuousClock.now
    typealias Queue = DeviceOperationQueue<String>

    @Test("FIFO, one request in flight at a time")
    func fifoOneInFlight() throws {
        var q = Queue()
        try q.enqueue("read /3/0/0", id: OperationID(1), timeout: .seconds(10), now: t0)
        try q.enqueue("read /3/0/1", id: OperationID(2), timeout: .seconds(10), now: t0)
        let first = q.dispatchNext(now: t0)
        #expect(first?.request == "read /3/0/0")
        #expect(first?.status == .executing)
        #expect(q.dispatchNext(now: t0) == nil, "a second request waits while one is in flight")
        let done = q.complete(OperationID(1), success: true)
        #expect(done?.status == .successful)
        #expect(q.dispatchNext(now: t0)?.request == "read /3/0/1")
    }

    @Test("A timeout puts the operation back to PENDING and holds the queue until the next contact")
    func timeoutBackToPending() throws {
        var q = Queue()
        try q.enqueue("read", id: OperationID(1), timeout: .seconds(10), now: t0)
        try q.enqueue("write", id: OperationID(2), timeout: .seconds(10), now: t0)
        _ = q.dispatchNext(now: t0)
        #expect(q.expire(now: t0 + .seconds(9)).isEmpty, "not before the deadline")
        let changed = q.expire(now: t0 + .seconds(10))
        #expect(changed.map(\.status) == [.pending])
        #expect(q.dispatchNext(now: t0 + .seconds(11)) == nil, "held after a timeout")
        q.deviceContacted()
        let again = q.dispatchNext(now: t0 + .seconds(20))
        #expect(again?.id == OperationID(1), "the timed-out request is resent first")
        #expect(again?.attempts == 2)
    }

    @Test("FAILED after the retry limit, with a reason naming the timeout and attempts")
    func failsAfterRetries() throws {
        var q = Queue(maxAttempts: 3)
        try q.enqueue("read", id: OperationID(7), timeout: .seconds(10), now: t0)
        var now = t0
        var last: [QueuedOperation<String>] = []
        for _ in 0..<3 {
            q.deviceContacted()
            #expect(q.dispatchNext(now: now) != nil)
            now += .seconds(10)
            last = q.expire(now: now)
        }
        #expect(last.count == 1)
        #expect(last.first?.status == .failed)
        #expect(last.first?.failureReason == "no answer from the device within 10 s after 3 attempts")
        #expect(q.operations.isEmpty)
    }

    @Test("The queue refuses the request past its limit with a clear message")
    func queueLimit() throws {
        var q = Queue(limit: 2)
        try q.enqueue("a", id: OperationID(1), timeout: .seconds(10), now: t0)
        try q.enqueue("b", id: OperationID(2), timeout: .seconds(10), now: t0)
        #expect(throws: OperationQueueError.full(limit: 2)) {
            try q.enqueue("c", id: OperationID(3), timeout: .seconds(10), now: t0)
        }
        #expect(OperationQueueError.full(limit: 2).message.contains("full (2 operations)"))
    }

    @Test("Only PENDING operations can be cancelled")
    func cancel() throws {
        var q = Queue()
        try q.enqueue("a", id: OperationID(1), timeout: .seconds(10), now: t0)
        try q.enqueue("b", id: OperationID(2), timeout: .seconds(10), now: t0)
        _ = q.dispatchNext(now: t0)
        #expect(throws: OperationQueueError.notPending(OperationID(1), .executing)) { try q.cancel(OperationID(1)) }
        let cancelled = try q.cancel(OperationID(2))
        #expect(cancelled.status == .failed)
        #expect(cancelled.failureReason == "cancelled by the operator")
        #expect(throws: OperationQueueError.notFound(OperationID(9))) { try q.cancel(OperationID(9)) }
    }

    @Test("An answer after the timeout does not complete the operation")
    func lateAnswerIgnored() throws {
        var q = Queue()
        try q.enqueue("a", id: OperationID(1), timeout: .seconds(10), now: t0)
        _ = q.dispatchNext(now: t0)
        _ = q.expire(now: t0 + .seconds(10))
        #expect(q.complete(OperationID(1), success: true) == nil)
        #expect(q.operations.first?.status == .pending)
    }
}

@Suite("Request timeout policy")
struct RequestTimeoutPolicyTests {
    @Test("command, then device, then default; clamped to [min, max]")
    func precedenceAndClamp() {
        let p = RequestTimeoutPolicy()
        #expect(p.timeout(command: nil, device: nil) == .milliseconds(180_000))
        #expect(p.timeout(command: nil, device: .milliseconds(20_000)) == .milliseconds(20_000))
        #expect(p.timeout(command: .seconds(30), device: .milliseconds(20_000)) == .seconds(30))
        #expect(p.timeout(command: .seconds(5), device: nil) == .seconds(10), "below the minimum")
        #expect(p.timeout(command: .seconds(900), device: nil) == .seconds(600), "above the maximum")
        let custom = RequestTimeoutPolicy(defaultTimeout: .seconds(1), minimum: .milliseconds(100), maximum: .seconds(2))
        #expect(custom.timeout(command: .milliseconds(50), device: nil) == .milliseconds(100))
    }
}
