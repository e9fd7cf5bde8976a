/// An `EngineControl` that is a `serve` daemon reached through the control socket of its data
/// directory. Errors from the engine come back as `EngineError` with the engine's message; a
/// lost connection becomes an `EngineError` saying so.
public final class ControlClient: EngineControl {
    /// The socket's path.
    public let socketPath: String
    /// The connection for calls; each `events()` opens its own, closed when its stream ends.
    private let connection: ControlConnection

    private init(socketPath: String, connection: ControlConnection) {
        self.socketPath = socketPath
        self.connection = connection
    }

    deinit {
        connection.channel.close(promise: nil)
    }

    /// Connects to the daemon serving `dataDirectory`, or returns nil when none is (no socket
    /// file, or one left by a crashed daemon): the console then embeds the engine itself.
    public static func connectIfRunning(dataDirectory: String) async throws(ControlSocketError) -> ControlClient? {
        let path = ControlSocketFile.path(dataDirectory: dataDirectory)
        switch ControlSocketFile.probe(path) {
        case .absent, .stale: return nil
        case .unusable(let reason): throw ControlSocketError(reason)
        case .live: return try await connect(socketPath: path)
        }
    }

    /// Connects to the control socket at `socketPath`.
    public static func connect(socketPath: String) async throws(ControlSocketError) -> ControlClient {
        ControlClient(socketPath: socketPath, connection: try await ControlConnection.open(path: socketPath))
    }

    /// Closes the connection; later calls fail with an `EngineError`.
    public func close() async {
        await connection.close()
    }

    /// The daemon's status; `running: false` when it cannot be reached.
    public func status() async -> EngineStatus {
        let answer = await connection.call { ControlRequest(id: $0, method: .status) }
        return answer.status ?? EngineStatus(running: false)
    }

    /// Submits a shell text; see `EngineControl.submit`.
    public func submit(_ device: DeviceRef, text: String) async throws(EngineError) -> [OperationSnapshot] {
        let answer = await connection.call { ControlRequest(id: $0, method: .submit, device: device, text: text) }
        return try Self.value(answer.operations, of: answer, for: "submit")
    }

    /// Cancels a PENDING operation; see `EngineControl.cancel`.
    public func cancel(_ operation: OperationID) async throws(EngineError) -> OperationSnapshot {
        let answer = await connection.call { ControlRequest(id: $0, method: .cancel, operation: operation.rawValue) }
        return try Self.value(answer.operation, of: answer, for: "cancel")
    }

    /// A device's newest operations; see `EngineControl.operations`.
    public func operations(_ device: DeviceRef, limit: Int) async throws(EngineError) -> [OperationSnapshot] {
        let answer = await connection.call { ControlRequest(id: $0, method: .operations, device: device, limit: limit) }
        return try Self.value(answer.operations, of: answer, for: "operations")
    }

    /// A device's bootstrap plan; see `EngineControl.bootstrapPlan`.
    public func bootstrapPlan(_ device: DeviceRef) async throws(EngineError) -> [String] {
        let answer = await connection.call { ControlRequest(id: $0, method: .bootstrapPlan, device: device) }
        return try Self.value(answer.plan, of: answer, for: "bootstrapPlan")
    }

    /// A device's live registration, nil when it is not registered; see `EngineControl.registration`.
    public func registration(_ device: DeviceRef) async throws(EngineError) -> RegistrationInfo? {
        let answer = await connection.call { ControlRequest(id: $0, method: .registration, device: device) }
        if let error = answer.error { throw error }
        if let registration = answer.registration { return registration }
        guard answer.registered == false else { throw EngineError("the engine sent an unexpected answer to registration") }
        return nil
    }

    /// Makes the daemon re-read its PSK keys and served devices; see `EngineControl.reloadKeys`.
    public func reloadKeys() async throws(EngineError) {
        let answer = await connection.call { ControlRequest(id: $0, method: .reloadKeys) }
        _ = try Self.value(answer.reloaded, of: answer, for: "reloadKeys")
    }

    /// Engine events from now on, over a connection of their own; the stream finishes when the
    /// daemon goes away, and ending the stream disconnects.
    public func events() async -> AsyncStream<EngineEvent> {
        guard let subscription = try? await ControlConnection.open(path: socketPath) else {
            return AsyncStream { $0.finish() }
        }
        let events = await subscription.subscribe()
        // Keep the connection alive exactly as long as someone iterates the stream.
        return AsyncStream { continuation in
            let forward = Task {
                for await event in events { continuation.yield(event) }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                forward.cancel()
                subscription.channel.close(promise: nil)
            }
        }
    }

    /// The answer's payload, or its error, or an error naming the unexpected answer.
    private static func value<T>(_ value: T?, of answer: ControlResponse, for method: String) throws(EngineError) -> T {
        if let error = answer.error { throw error }
        guard let value else { throw EngineError("the engine sent an unexpected answer to \(method)") }
        return value
    }
}
