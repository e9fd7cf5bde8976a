import Foundation
import LwM2MEngine

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

    /// An operation is over for the CLI once final, or PENDING again after an attempt timed out.
    static func hasEnded(_ operation: OperationSnapshot) -> Bool {
        operation.status.isFinal || (operation.status == .pending && operation.attempts > 0)
    }

    /// How long to wait at most: a device runs its operations one after another, so the sum of
    /// their timeouts, plus slack.
    var deadline: Duration {
        operations.reduce(Self.slack) { $0 + .milliseconds($1.timeoutMs) }
    }

    /// Takes newer states of the submission's operations; others are ignored.
    mutating func update(_ snapshots: [OperationSnapshot]) {
        for snapshot in snapshots {
            guard let index = operations.firstIndex(where: { $0.id == snapshot.id }) else { continue }
            // A late snapshot must not undo a final state.
            if !operations[index].status.isFinal || snapshot.status.isFinal { operations[index] = snapshot }
        }
    }

    /// Follows `events` until done, the deadline passes or the stream ends.
    func following(_ events: AsyncStream<EngineEvent>) async -> ShellOperationWatch {
        let start = self
        let deadline = self.deadline
        return await withTaskGroup(of: ShellOperationWatch?.self) { group in
            group.addTask {
                var watch = start
                for await event in events {
                    guard case .operation(let snapshot) = event else { continue }
                    watch.update([snapshot])
                    if watch.isDone { break }
                }
                return watch
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
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
