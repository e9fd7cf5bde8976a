import Foundation
@testable import LwM2MEngine

/// A stand-in `EngineControl` for the control-socket transport tests: records every call,
/// answers from fixed data, fails for the device `missing`, and emits events on demand. It tests
/// the socket, not the engine (the real engine gets its own test after the merge).
actor ControlSocketTestEngine: EngineControl {
    /// One recorded call.
    enum Call: Equatable {
        case status, submit(DeviceRef, String), cancel(OperationID), operations(DeviceRef, Int), bootstrapPlan(DeviceRef)
        case registration(DeviceRef), reloadKeys, events
    }

    static let missing = DeviceRef(tenant: "t-default", id: "missing")
    static let missingMessage = "device t-default/missing does not exist"
    static let fixedTime = Date(timeIntervalSince1970: 1_790_000_000)

    private(set) var calls: [Call] = []
    private var subscribers: [Int: AsyncStream<EngineEvent>.Continuation] = [:]
    private var nextSubscriber = 0
    private var subscriberWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Events to emit right after a submit returns (the CLI test's script), by device ID.
    private var scripts: [String: @Sendable ([OperationSnapshot]) -> [EngineEvent]] = [:]
    private var nextOperation: Int64 = 100

    /// Sets what happens after a submit for `deviceID`.
    func script(_ deviceID: String, _ events: @escaping @Sendable ([OperationSnapshot]) -> [EngineEvent]) {
        scripts[deviceID] = events
    }

    func status() -> EngineStatus {
        calls.append(.status)
        return EngineStatus(running: true, bootstrapPort: 5683, bootstrapDTLSPort: 5684, serverPort: 5783, serverDTLSPort: 5784,
                            registeredDevices: 7, refusedRegistrations: 2, openOperations: 3)
    }

    func submit(_ device: DeviceRef, text: String) throws(EngineError) -> [OperationSnapshot] {
        calls.append(.submit(device, text))
        guard device != Self.missing else { throw EngineError(Self.missingMessage) }
        // Like the real parser: blank and `#` lines are not operations.
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        let snapshots = lines.map { line in
            nextOperation += 1
            return Self.snapshot(OperationID(nextOperation), device: device, line: line, status: .pending)
        }
        if let script = scripts[device.id] {
            for event in script(snapshots) { emit(event) }
        }
        return snapshots
    }

    func cancel(_ operation: OperationID) throws(EngineError) -> OperationSnapshot {
        calls.append(.cancel(operation))
        guard operation.rawValue > 0 else { throw EngineError("operation \(operation) does not exist") }
        var snapshot = Self.snapshot(operation, device: DeviceRef(tenant: "t-default", id: "d1"), line: "read /3/0/0", status: .failed)
        snapshot.failureReason = "cancelled"
        return snapshot
    }

    func operations(_ device: DeviceRef, limit: Int) throws(EngineError) -> [OperationSnapshot] {
        calls.append(.operations(device, limit))
        guard device != Self.missing else { throw EngineError(Self.missingMessage) }
        return (1...3).map { Self.snapshot(OperationID(Int64($0)), device: device, line: "read /3/0/\($0)", status: .successful) }
    }

    func bootstrapPlan(_ device: DeviceRef) throws(EngineError) -> [String] {
        calls.append(.bootstrapPlan(device))
        guard device != Self.missing else { throw EngineError(Self.missingMessage) }
        return ["DELETE /", "WRITE /0/0 {\"0\": \"coap://127.0.0.1:5783\"}", "FINISH"]
    }

    /// `d1` is registered, `missing` fails, any other device is not registered.
    func registration(_ device: DeviceRef) throws(EngineError) -> RegistrationInfo? {
        calls.append(.registration(device))
        guard device != Self.missing else { throw EngineError(Self.missingMessage) }
        guard device.id == "d1" else { return nil }
        return Self.registration
    }

    /// Fails while `failReload` is set, with `reloadFailure`.
    func reloadKeys() throws(EngineError) {
        calls.append(.reloadKeys)
        if failReload { throw EngineError(Self.reloadFailure) }
    }

    static let reloadFailure = "cannot read the PSK keys: database is locked"
    private(set) var failReload = false

    /// Makes `reloadKeys` fail (or succeed again).
    func setFailReload(_ fail: Bool) { failReload = fail }

    static let registration = RegistrationInfo(
        id: "r1a", endpoint: "d1-endpoint", address: "coap://127.0.0.1:56830", binding: "UQ", lifetime: 300, version: "1.1",
        objectLinks: "</>;rt=\"oma.lwm2m\";ct=11543,</1/0>,</3/0>,</3303/0>", queueMode: true,
        registeredAt: fixedTime, lastContactAt: fixedTime.addingTimeInterval(60), expiresAt: fixedTime.addingTimeInterval(375))

    func events() -> AsyncStream<EngineEvent> {
        calls.append(.events)
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        let key = nextSubscriber
        nextSubscriber += 1
        subscribers[key] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(key) } }
        wakeWaiters()
        return stream
    }

    /// Sends an event to every subscriber.
    func emit(_ event: EngineEvent) {
        for subscriber in subscribers.values { subscriber.yield(event) }
    }

    /// How many subscriptions are live.
    var subscriberCount: Int { subscribers.count }

    /// Returns once exactly `count` subscriptions are live.
    func waitForSubscribers(_ count: Int) async {
        if subscribers.count == count { return }
        await withCheckedContinuation { subscriberWaiters.append((count, $0)) }
    }

    private func unsubscribe(_ key: Int) {
        subscribers[key] = nil
        wakeWaiters()
    }

    private func wakeWaiters() {
        let ready = subscriberWaiters.filter { $0.count == subscribers.count }
        subscriberWaiters.removeAll { $0.count == subscribers.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    static func snapshot(_ id: OperationID, device: DeviceRef, line: String, status: OperationStatus) -> OperationSnapshot {
        OperationSnapshot(
            id: id, device: device, line: line, status: status, attempts: status == .pending ? 0 : 1, timeoutMs: 5_000,
            createdAt: fixedTime, sentAt: status == .pending ? nil : fixedTime.addingTimeInterval(1),
            finishedAt: status.isFinal ? fixedTime.addingTimeInterval(2) : nil,
            responseCode: status == .successful ? "2.05 Content" : nil, contentFormat: status == .successful ? 112 : nil,
            roundTripMs: status == .successful ? 42 : nil,
            resultLines: status == .successful ? ["/3/0/0 Manufacturer = \"Acme\""] : [])
    }
}
