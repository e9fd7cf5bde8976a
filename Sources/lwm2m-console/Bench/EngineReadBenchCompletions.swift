import LwM2MEngine
import Synchronization

/// Matches final operation events from the engine's stream to the bench workers waiting for
/// them; an event that arrives before its waiter is kept until the waiter comes.
final class EngineReadBenchCompletions: Sendable {
    private struct State {
        var waiters: [OperationID: CheckedContinuation<OperationSnapshot?, Never>] = [:]
        var finished: [OperationID: OperationSnapshot] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Records a final snapshot and wakes its waiter.
    func finish(_ snapshot: OperationSnapshot) {
        let waiter = state.withLock { state -> CheckedContinuation<OperationSnapshot?, Never>? in
            if let waiter = state.waiters.removeValue(forKey: snapshot.id) { return waiter }
            state.finished[snapshot.id] = snapshot
            return nil
        }
        waiter?.resume(returning: snapshot)
    }

    /// The final snapshot of `id`; nil once `close` was called.
    func wait(_ id: OperationID) async -> OperationSnapshot? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> OperationSnapshot?? in
                if let done = state.finished.removeValue(forKey: id) { return .some(done) }
                if state.closed { return .some(nil) }
                state.waiters[id] = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Wakes every waiter with nil (the run is over or the event stream ended).
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
