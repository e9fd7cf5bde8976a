import DeviceStore
import LwM2M
import LwM2MEngine
import Synchronization

/// An in-process engine that may still be starting: the console draws its first frame before
/// `LwM2MEngine.start` (which loads every PSK key) has finished, and every call here waits for
/// the start. A failed start answers as a stopped engine and with the start's error.
final class StartingEngine: EngineControl {
    private let start: Task<LwM2MEngine, any Error>
    /// The engine once its start has finished, for callers that must not wait (the details pane).
    private let ready: Slot

    /// A lock-guarded engine reference the start task fills in (a class: `Mutex` cannot be captured).
    private final class Slot: Sendable {
        let engine: Mutex<LwM2MEngine?>
        init(_ engine: LwM2MEngine?) { self.engine = Mutex(engine) }
    }

    /// Starts `LwM2MEngine.start` in the background; calls wait for it.
    init(starting: @escaping @Sendable () async throws -> LwM2MEngine) {
        let ready = Slot(nil)
        self.ready = ready
        start = Task.detached {
            let engine = try await starting()
            ready.engine.withLock { $0 = engine }
            return engine
        }
    }

    /// Wraps an engine that is already running.
    init(running engine: LwM2MEngine) {
        ready = Slot(engine)
        start = Task { engine }
    }

    /// The engine if it has started, without waiting.
    var started: LwM2MEngine? { ready.engine.withLock { $0 } }

    /// The engine once started, or nil when its start failed.
    func engine() async -> LwM2MEngine? { try? await start.value }

    /// Why the start failed, nil once the engine runs (waits for the start).
    func startFailure() async -> String? {
        do {
            _ = try await start.value
            return nil
        } catch let error as EngineError {
            return error.message
        } catch {
            return String(describing: error)
        }
    }

    /// The engine once started, or the start's error as an `EngineError`.
    private func started() async throws(EngineError) -> LwM2MEngine {
        do {
            return try await start.value
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError("The engine did not start: \(error)")
        }
    }

    func status() async -> EngineStatus {
        guard let engine = await engine() else {
            return EngineStatus(running: false)
        }
        return await engine.status()
    }

    func submit(_ device: DeviceRef, text: String) async throws(EngineError) -> [OperationSnapshot] {
        try await started().submit(device, text: text)
    }

    func cancel(_ operation: OperationID) async throws(EngineError) -> OperationSnapshot {
        try await started().cancel(operation)
    }

    func operations(_ device: DeviceRef, limit: Int) async throws(EngineError) -> [OperationSnapshot] {
        try await started().operations(device, limit: limit)
    }

    func bootstrapPlan(_ device: DeviceRef) async throws(EngineError) -> [String] {
        try await started().bootstrapPlan(device)
    }

    func events() async -> AsyncStream<EngineEvent> {
        guard let engine = await engine() else { return AsyncStream { $0.finish() } }
        return await engine.events()
    }

    /// The engine's registration of `device`, nil while unknown or when the start failed.
    func registration(_ device: DeviceRef) async -> RegistrationInfo? {
        await engine()?.registration(device)
    }

    /// Makes the engine reload its PSK tables (after an import or a delete).
    func reloadKeys() async throws(EngineError) {
        try await started().reloadKeys()
    }

    /// Stops the engine once its start has finished (a failed start has nothing to stop).
    func stop() async {
        await engine()?.stop()
    }
}
