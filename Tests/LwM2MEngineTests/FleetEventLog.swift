import Foundation
@testable import LwM2MEngine

/// Every event of an engine, each with the wall-clock time it arrived, for bounded waits.
final class FleetEventLog: @unchecked Sendable {
    // Confinement proof for @unchecked: `entries` and `task` are only touched with `lock` held.
    private let lock = NSLock()
    private var entries: [(time: Date, event: EngineEvent)] = []
    private var task: Task<Void, Never>?

    init(_ engine: LwM2MEngine) async {
        let stream = await engine.events()
        let task = Task { [weak self] in
            for await event in stream { self?.append(event) }
        }
        lock.withLock { self.task = task }
    }

    deinit { task?.cancel() }

    private func append(_ event: EngineEvent) {
        let now = Date()
        lock.withLock { entries.append((now, event)) }
    }

    var all: [(time: Date, event: EngineEvent)] { lock.withLock { entries } }

    /// Operation snapshots with their arrival times, oldest first.
    func operations(_ id: OperationID) -> [(time: Date, snapshot: OperationSnapshot)] {
        all.compactMap { if case .operation(let op) = $0.event, op.id == id { ($0.time, op) } else { nil } }
    }

    var lifecycle: [LifecycleEvent] { all.compactMap { if case .lifecycle(let e) = $0.event { e } else { nil } } }
    var notifications: [NotificationEvent] { all.compactMap { if case .notification(let n) = $0.event { n } else { nil } } }
    var alarms: [AlarmEvent] { all.compactMap { if case .alarm(let a) = $0.event { a } else { nil } } }

    func lifecycle(_ type: String, endpoint: String) -> [LifecycleEvent] {
        lifecycle.filter { $0.type == type && $0.endpoint == endpoint }
    }

    /// Waits (bounded, polling every 10 ms) until `condition` holds; returns whether it did.
    func waitUntil(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// The first event of operation `id` in one of `statuses` after the `after`-th event of
    /// that operation, with its arrival time; nil when none came within `limit`.
    func operation(
        _ id: OperationID, reaching statuses: Set<OperationStatus>, after skipped: Int = 0, within limit: Duration = .seconds(5)
    ) async -> OperationSnapshot? {
        await operationEntry(id, reaching: statuses, after: skipped, within: limit)?.snapshot
    }

    func operationEntry(
        _ id: OperationID, reaching statuses: Set<OperationStatus>, after skipped: Int = 0, within limit: Duration = .seconds(5)
    ) async -> (time: Date, snapshot: OperationSnapshot)? {
        var found: (time: Date, snapshot: OperationSnapshot)?
        _ = await waitUntil(within: limit) {
            found = operations(id).dropFirst(skipped).first { statuses.contains($0.snapshot.status) }
            return found != nil
        }
        return found
    }
}
