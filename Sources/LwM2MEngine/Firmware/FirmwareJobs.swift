import Synchronization

/// The running firmware-update jobs of an engine: their tasks (cancelled at stop) and the phase
/// each operation reached. A `Mutex` rather than actor state, so the CoAP route serving images
/// and the engine's stop share it without hopping.
final class FirmwareJobs: Sendable {
    private struct Contents {
        var tasks: [OperationID: Task<Void, Never>] = [:]
        var phases: [OperationID: FirmwarePhase] = [:]
    }

    private let contents = Mutex(Contents())

    /// Remembers the task running an operation's job.
    func started(_ id: OperationID, task: Task<Void, Never>) {
        contents.withLock { $0.tasks[id] = task }
    }

    /// The job of an operation ended (its phase is kept only while the operation may resume).
    func ended(_ id: OperationID, keepPhase: Bool) {
        contents.withLock {
            $0.tasks[id] = nil
            if !keepPhase { $0.phases[id] = nil }
        }
    }

    /// Records how far an operation's job got.
    func reached(_ id: OperationID, _ phase: FirmwarePhase) {
        contents.withLock { $0.phases[id] = phase }
    }

    /// How far an operation's job got in an earlier attempt.
    func phase(_ id: OperationID) -> FirmwarePhase? {
        contents.withLock { $0.phases[id] }
    }

    /// Cancels every running job (engine stop).
    func cancelAll() {
        let tasks = contents.withLock { c in
            defer { c.tasks = [:] }
            return Array(c.tasks.values)
        }
        for task in tasks { task.cancel() }
    }
}
