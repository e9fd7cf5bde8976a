import Foundation
import LwM2MEngine
import Synchronization

/// The operations of one `shell` submission as their events arrive; done when each one is
/// SUCCESSFUL, FAILED, or back to PENDING after a timed-out attempt.
struct ShellOperationWatch {
    /// Slack after the timeouts, for the engine to report the outcome.
    static let slack: Duration = .seconds(2)

    /// The submission's operations, in submission order, latest state each.
    private(set) var operations: [OperationSnapshot]

    init(_ submitted: [OperationSnapshot]) {
        operations = submitted
    }

    /// True when nothing more is worth waiting for.
    var isDone: Bool { operations.allSatisfy(Self.hasEnded) }

    /// An operation is over for the CLI once final, or PENDING again after an attempt timed out
    /// (a firmware job PENDING while it waits for a job slot is not over).
    static func hasEnded(_ operation: OperationSnapshot) -> Bool {
        operation.status.isFinal
            || (operation.status == .pending && operation.attempts > 0 && operation.progress?.hasPrefix("waiting: ") != true)
    }

    /// How long to wait without progress: a device runs its operations one after another, so
    /// the sum of their timeouts, plus slack. Any progress (a new status or progress text of
    /// one of them) starts this wait again, so a long firmware job is followed to its end.
    var idleLimit: Duration {
        operations.reduce(Self.slack) { $0 + .milliseconds($1.timeoutMs) }
    }

    /// Takes newer states of the submission's operations; others are ignored. Returns the
    /// progress texts that changed (operation, text), for printing.
    @discardableResult
    mutating func update(_ snapshots: [OperationSnapshot]) -> [(OperationSnapshot, String)] {
        var progressed: [(OperationSnapshot, String)] = []
        for snapshot in snapshots {
            guard let index = operations.firstIndex(where: { $0.id == snapshot.id }) else { continue }
            // A late snapshot must not undo a final state.
            guard !operations[index].status.isFinal || snapshot.status.isFinal else { continue }
            let before = operations[index]
            operations[index] = snapshot
            if let text = snapshot.progress, text != before.progress || snapshot.status != before.status {
                progressed.append((snapshot, text))
            }
        }
        return progressed
    }

    /// Follows `events` until done, `idleLimit` passes without progress, or the stream ends;
    /// `onProgress` gets each new progress text as it comes.
    func following(
        _ events: AsyncStream<EngineEvent>, onProgress: @escaping @Sendable (OperationSnapshot, String) -> Void = { _, _ in }
    ) async -> ShellOperationWatch {
        let start = self
        let idleLimit = self.idleLimit
        let lastProgress = LatestProgress()
        return await withTaskGroup(of: ShellOperationWatch?.self) { group in
            group.addTask {
                var watch = start
                for await event in events {
                    guard case .operation(let snapshot) = event else { continue }
                    let before = watch.operations
                    for (operation, text) in watch.update([snapshot]) { onProgress(operation, text) }
                    if watch.operations != before { lastProgress.touch() }
                    if watch.isDone { break }
                }
                return watch
            }
            group.addTask {
                // Sleeps until the idle limit after the latest progress; progress meanwhile
                // moves the limit on.
                while !Task.isCancelled {
                    let limit = lastProgress.instant + idleLimit
                    if ContinuousClock.now >= limit { return nil }
                    try? await Task.sleep(until: limit, clock: .continuous)
                }
                return nil
            }
            // Either the events finished the watch, or the timer fired first.
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            // Timer first: the follower stops at cancellation and returns what it saw.
            while let next = await group.next() {
                if let next { return next }
            }
            return start
        }
    }
}

/// When a watched operation last made progress, shared by the follower and the idle timer.
final class LatestProgress: Sendable {
    private let storage = Mutex(ContinuousClock.now)

    /// The instant of the latest progress.
    var instant: ContinuousClock.Instant { storage.withLock { $0 } }

    /// Progress now.
    func touch() { storage.withLock { $0 = .now } }
}
