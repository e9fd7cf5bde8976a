import Foundation
@testable import LwM2MEngine

/// Collects an engine's events in the background for assertions.
final class EventRecorder: @unchecked Sendable {
    // Confinement proof for @unchecked: `collected` is only touched with `lock` held.
    private let lock = NSLock()
    private var collected: [EngineEvent] = []
    private var task: Task<Void, Never>?

    init(_ engine: LwM2MEngine) async {
        let stream = await engine.events()
        let task = Task { [weak self] in
            for await event in stream { self?.append(event) }
        }
        lock.withLock { self.task = task }
    }

    deinit { task?.cancel() }

    private func append(_ event: EngineEvent) { lock.withLock { collected.append(event) } }

    var events: [EngineEvent] { lock.withLock { collected } }

    var lifecycleTypes: [String] {
        events.compactMap { if case .lifecycle(let e) = $0 { e.type } else { nil } }
    }

    var lifecycle: [LifecycleEvent] {
        events.compactMap { if case .lifecycle(let e) = $0 { e } else { nil } }
    }

    var notifications: [NotificationEvent] {
        events.compactMap { if case .notification(let n) = $0 { n } else { nil } }
    }

    var alarms: [AlarmEvent] {
        events.compactMap { if case .alarm(let a) = $0 { a } else { nil } }
    }
}
