/// What the console and the CLI ask of an engine, whether it runs in-process (the console embeds
/// it) or in a `serve` daemon reached through the control socket. Both sides implement exactly
/// this, so the console and the CLI do not care which one they have.
public protocol EngineControl: Sendable {
    /// The engine's current status.
    func status() async -> EngineStatus
    /// Parses a shell text (one operation per line) for a device and queues it; returns the new
    /// operations (PENDING). Refused as a whole when a line does not parse, the device does not
    /// exist, has SHELL=0, or its queue is full.
    func submit(_ device: DeviceRef, text: String) async throws(EngineError) -> [OperationSnapshot]
    /// Cancels a PENDING operation.
    func cancel(_ operation: OperationID) async throws(EngineError) -> OperationSnapshot
    /// The newest operations of a device, newest first.
    func operations(_ device: DeviceRef, limit: Int) async throws(EngineError) -> [OperationSnapshot]
    /// The exact bootstrap sequence this device would get now, one decoded line per write.
    func bootstrapPlan(_ device: DeviceRef) async throws(EngineError) -> [String]
    /// The device's live registration (address, binding, lifetime, object links), nil when it is
    /// not registered now or is not a served device.
    func registration(_ device: DeviceRef) async throws(EngineError) -> RegistrationInfo?
    /// Re-reads the PSK identities and keys and the served devices from the store, so devices
    /// imported, changed or deleted by another process are served accordingly without a restart.
    func reloadKeys() async throws(EngineError)
    /// A stream of engine events from now on (each call gets its own stream).
    func events() async -> AsyncStream<EngineEvent>
}
