import CoAP
public import DeviceStore
public import LwM2M
import Foundation
import NIOCore

/// The embedded LwM2M engine (SPEC §3–6): the bootstrap server and the LwM2M server on four
/// CoAP endpoints, the per-device operation queues, observations and the event stream.
///
/// One actor owns all engine state; the CoAP endpoints do per-datagram work on their event
/// loop and call in only for registration-interface requests and answers. Store writes are
/// batched and flushed off the actor (`WriteBehindBatch`).
public actor LwM2MEngine: EngineControl {
    /// The configuration it runs with.
    public let configuration: EngineConfiguration
    let store: DeviceStore
    let model: ObjectModel
    let lwm2mKeys = PSKKeySnapshot()
    let bootstrapKeys = PSKKeySnapshot()
    let directory = DeviceDirectory()
    /// The newest key reload, awaited by the next one.
    private var keyReload: Task<Void, any Error>?
    /// The newest alarm write: alarm writes run off the actor but in order, so a clear that
    /// follows a raise (expiry, then an immediate Register) never lands before it.
    private var alarmWrites: Task<Void, Never>?
    /// Running firmware-update jobs (LwM2MEngine+Firmware.swift).
    let firmware = FirmwareJobs()

    var endpoints: Endpoints?
    var registrations: RegistrationTable<DevicePeer>
    /// Sessions by device, stored densely (see `DenseTable`: ~200 bytes each).
    var sessions = DenseTable<DeviceRef, DeviceSession>()
    var deviceByRegistration: [String: DeviceRef] = [:]
    var snapshots: [OperationID: OperationSnapshot] = [:]
    var nextOperationID: Int64 = 1
    var refusedRegistrations = 0
    var unavailableAlarmed: Set<DeviceRef> = []
    /// Devices with an open bootstrap-failure alarm, cleared by their next successful bootstrap.
    var bootstrapFailureAlarmed: Set<DeviceRef> = []
    var observations: [DeviceRef: [String: ObservationRecord]] = [:]
    var lastValues: [DeviceRef: [LwM2MPath: LastValue]] = [:]
    /// Devices whose stored last values were merged into `lastValues` (loaded lazily).
    var lastValuesLoaded: Set<DeviceRef> = []
    /// Per-device log levels and the peers tapped for VERBOSE (Logging/).
    var logging = DeviceLogRouting()
    var batch = WriteBehindBatch()
    /// The batch being written right now (still visible to `operations()` until it is stored).
    var flushing: WriteBehindBatch?
    var lastRegistrationSnapshot: ContinuousClock.Instant?
    /// When the earliest registration expires (nil: none known).
    var nextExpiryCheck: ContinuousClock.Instant?
    /// Devices with an open awake window or an operation in flight (what housekeeping checks).
    var watchedSessions: Set<DeviceRef> = []
    var subscribers: [Int: AsyncStream<EngineEvent>.Continuation] = [:]
    var nextSubscriberID = 0
    var backgroundTasks: [Task<Void, Never>] = []
    var running = false

    /// The four bound endpoints.
    struct Endpoints: Sendable {
        var bootstrap: CoAPEndpoint
        var bootstrapDTLS: CoAPEndpoint
        var server: CoAPEndpoint
        var serverDTLS: CoAPEndpoint
    }

    init(configuration: EngineConfiguration, store: DeviceStore, model: ObjectModel) {
        self.configuration = configuration
        self.store = store
        self.model = model
        let prefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        registrations = RegistrationTable(grace: configuration.grace, runPrefix: prefix)
    }

    /// Starts an engine: loads keys and persisted state from the store, binds the four
    /// endpoints and starts serving.
    public static func start(
        configuration: EngineConfiguration, store: DeviceStore, model: ObjectModel
    ) async throws(EngineError) -> LwM2MEngine {
        let engine = LwM2MEngine(configuration: configuration, store: store, model: model)
        try await engine.bootUp()
        return engine
    }

    private func bootUp() async throws(EngineError) {
        do {
            try loadKeys()
            try loadLogLevels()
            nextOperationID = try store.maxEngineOperationID() + 1
            let open = try store.alarms(statuses: [.active, .acknowledged], tenant: nil, limit: 1_000_000)
            func devices(_ type: String) -> Set<DeviceRef> {
                Set(open.filter { $0.type == type }.map { DeviceRef(tenant: $0.tenant, id: $0.deviceID) })
            }
            unavailableAlarmed = devices(AlarmType.unavailable)
            bootstrapFailureAlarmed = devices(AlarmType.bootstrapFailed)
        } catch {
            throw EngineError("cannot read the store: \(error)")
        }
        restoreRegistrations()
        restoreObservations()
        restoreOperations()
        do {
            endpoints = try await bindEndpoints()
        } catch {
            throw EngineError("cannot bind the engine's ports on \(configuration.bindAddress): \(error)")
        }
        running = true
        installMessageTaps()
        startBackgroundTasks()
        // Operations restored from the store go to restored registrations that are awake.
        for ref in sessions.keys { dispatch(ref) }
        emit(.status(currentStatus()))
    }

    /// Stops serving: closes the four endpoints, writes what is pending, ends event streams.
    public func stop() async {
        guard running else { return }
        running = false
        for task in backgroundTasks { task.cancel() }
        backgroundTasks = []
        firmware.cancelAll()
        await finishLogLevelReload()
        for (_, records) in observations { for record in records.values { record.consumer?.cancel() } }
        observations = [:]
        if let endpoints {
            await endpoints.bootstrap.close()
            await endpoints.bootstrapDTLS.close()
            await endpoints.server.close()
            await endpoints.serverDTLS.close()
        }
        endpoints = nil
        batch.registrationsChanged = true
        await flush(force: true)
        emit(.status(currentStatus()))
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    /// Re-reads the PSK identities and keys and the served devices from the store (call it after
    /// an import or an edit).
    ///
    /// The store is read off the actor (≈0.8 s at 100,000 PSK devices), so Register/Update and
    /// operations go on meanwhile; the tables are thread-safe snapshots swapped whole. Reloads run
    /// one after the other, so an older read never replaces a newer one.
    public func reloadKeys() async throws(EngineError) {
        let previous = keyReload
        let reload = Task.detached { [store, directory, lwm2mKeys, bootstrapKeys] in
            _ = await previous?.result
            try Self.loadKeys(store: store, directory: directory, lwm2mKeys: lwm2mKeys, bootstrapKeys: bootstrapKeys)
        }
        keyReload = reload
        do { try await reload.value } catch { throw EngineError("cannot read the PSK keys: \(error)") }
    }

    private func loadKeys() throws {
        try Self.loadKeys(store: store, directory: directory, lwm2mKeys: lwm2mKeys, bootstrapKeys: bootstrapKeys)
    }

    private static func loadKeys(
        store: DeviceStore, directory: DeviceDirectory, lwm2mKeys: PSKKeySnapshot, bootstrapKeys: PSKKeySnapshot
    ) throws {
        directory.replace(try store.engineDirectory())
        lwm2mKeys.replace(try store.pskKeyTable(role: .lwm2m))
        bootstrapKeys.replace(try store.pskKeyTable(role: .bootstrap))
    }

    // MARK: EngineControl

    /// The engine's status now.
    public func status() -> EngineStatus { currentStatus() }

    func currentStatus() -> EngineStatus {
        func port(_ endpoint: CoAPEndpoint?) -> Int { endpoint?.localAddress.port ?? 0 }
        return EngineStatus(
            running: running, bootstrapPort: port(endpoints?.bootstrap), bootstrapDTLSPort: port(endpoints?.bootstrapDTLS),
            serverPort: port(endpoints?.server), serverDTLSPort: port(endpoints?.serverDTLS),
            registeredDevices: registrations.count, refusedRegistrations: refusedRegistrations,
            openOperations: snapshots.values.count(where: { !$0.status.isFinal }))
    }

    /// A new event stream; a slow reader loses the oldest events beyond `eventBufferSize`.
    public func events() -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: EngineEvent.self, bufferingPolicy: .bufferingNewest(max(1, configuration.eventBufferSize)))
        let id = nextSubscriberID
        nextSubscriberID += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeSubscriber(id) }
        }
        return stream
    }

    private func removeSubscriber(_ id: Int) { subscribers[id] = nil }

    func emit(_ event: EngineEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// The device's live registration: endpoint, address, binding, lifetime, version, links.
    public func registration(_ device: DeviceRef) -> RegistrationInfo? {
        guard let id = sessions[device]?.registrationID, let reg = registrations.registration(id: id) else { return nil }
        // The table keeps monotonic instants; the console and the CLI want wall-clock times.
        let now = ContinuousClock.now
        let wallNow = Date()
        func wall(_ instant: ContinuousClock.Instant) -> Date {
            let offset = now - instant
            return wallNow.addingTimeInterval(-(Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18))
        }
        return RegistrationInfo(
            id: reg.id, endpoint: reg.endpoint, address: reg.address.description, binding: reg.binding,
            lifetime: reg.lifetime, version: reg.version, objectLinks: reg.objectLinks, queueMode: reg.queueMode,
            registeredAt: wall(reg.registeredAt), lastContactAt: wall(reg.lastContact), expiresAt: wall(reg.expiresAt))
    }

    // MARK: Background work

    private func startBackgroundTasks() {
        let flushInterval = configuration.flushInterval
        let housekeepingInterval = configuration.housekeepingInterval
        backgroundTasks.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: flushInterval)
                guard let self, !Task.isCancelled else { return }
                await self.flush()
            }
        })
        backgroundTasks.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: housekeepingInterval)
                guard let self, !Task.isCancelled else { return }
                await self.housekeeping()
            }
        })
    }

    /// Expired registrations, closed awake windows and stuck operations. Cheap with many
    /// devices: the expiry sweep runs only once the earliest known expiry has passed, and only
    /// devices with an open awake window or an operation in flight are looked at.
    func housekeeping() {
        let now = ContinuousClock.now
        reloadLogLevelsIfDue(now: now)
        if let due = nextExpiryCheck, now >= due {
            for reg in registrations.expire(now: now) { registrationExpired(reg) }
            nextExpiryCheck = registrations.all.map(\.expiresAt).min()
        }
        for ref in watchedSessions {
            guard let session = sessions[ref] else { watchedSessions.remove(ref); continue }
            var stillWatched = false
            if let executing = session.queue.executing, let sentAt = executing.sentAt {
                stillWatched = true
                if now - sentAt > configuration.stuckExecutingLimit {
                    var queue = session.queue
                    if let failed = queue.complete(executing.id, success: false, failureReason: "stuck in EXECUTING") {
                        sessions[ref]?.queue = queue
                        updateSnapshot(failed.id) { $0.status = .failed; $0.failureReason = failed.failureReason; $0.finishedAt = Date() }
                    }
                }
            }
            if session.registrationID != nil, !session.asleep, let until = session.awakeUntil {
                if now >= until {
                    sessions[ref]?.asleep = true
                    noteConnection(ref, .sleeping, lastSeen: nil)
                } else {
                    stillWatched = true
                }
            }
            if !stillWatched { watchedSessions.remove(ref) }
        }
    }

    /// Notes a registration's expiry so the sweep runs when it is due.
    func noteExpiry(_ expiresAt: ContinuousClock.Instant) {
        if let current = nextExpiryCheck, current <= expiresAt { return }
        nextExpiryCheck = expiresAt
    }

    /// Writes the batch collected since the last flush in one store transaction, off the actor.
    func flush(force: Bool = false) async {
        // One flush at a time, so an older state of a row is never written after a newer one.
        while flushing != nil { try? await Task.sleep(for: .milliseconds(5)) }
        guard !batch.isEmpty else { return }
        var pending = batch
        batch = WriteBehindBatch()
        // The registrations file holds every registration, so it is rewritten at most every
        // `registrationSnapshotInterval` (and at stop), not on each flush.
        let now = ContinuousClock.now
        if pending.registrationsChanged, !force, let last = lastRegistrationSnapshot,
           now - last < configuration.registrationSnapshotInterval {
            pending.registrationsChanged = false
            batch.registrationsChanged = true
        }
        if pending.isEmpty { return }
        flushing = pending
        defer { flushing = nil }
        if pending.registrationsChanged { lastRegistrationSnapshot = now }
        let registrationsSnapshot = pending.registrationsChanged ? persistedRegistrations() : nil
        let store = self.store
        let model = self.model
        let units = reportedUnits(pending.lastValues)
        let path = registrationsFilePath
        let outcome: String? = await Task.detached {
            do {
                // Observation changes first: re-applying them after a failed batch is harmless.
                try store.applyObservationChanges(pending.observations)
                try store.applyLastValues(Self.lastValueRecords(pending.lastValues, units: units, model: model))
                try store.applyEngineBatch(
                    operations: pending.operations.values.sorted { $0.id < $1.id },
                    connections: Array(pending.connections.values), events: pending.events)
                if let registrationsSnapshot {
                    let data = try JSONEncoder().encode(registrationsSnapshot)
                    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                    _ = chmod(path, 0o600)
                }
                return nil
            } catch {
                return "\(error)"
            }
        }.value
        if let outcome {
            // Keep the writes for the next flush rather than losing them.
            var retry = pending
            for (id, op) in batch.operations { retry.operations[id] = op }
            for (ref, change) in batch.connections { retry.connections[ref] = change }
            retry.events += batch.events
            retry.observations += batch.observations
            for (ref, values) in batch.lastValues { retry.lastValues[ref, default: [:]].merge(values) { _, newer in newer } }
            retry.registrationsChanged = retry.registrationsChanged || batch.registrationsChanged
            batch = retry
            FileHandle.standardError.write(Data("lwm2m engine: store write failed, will retry: \(outcome)\n".utf8))
        }
    }

    var registrationsFilePath: String { store.directory + "/engine-registrations.json" }

    // MARK: Small shared helpers

    func noteConnection(_ ref: DeviceRef, _ state: ConnectionState, lastSeen: Date?) {
        let previous = batch.connections[ref]?.lastSeen
        batch.connections[ref] = EngineConnectionChange(
            tenant: ref.tenant, deviceID: ref.id, state: state, lastSeen: lastSeen ?? previous)
    }

    func lifecycle(_ ref: DeviceRef?, endpoint: String, type: String, text: String, state: ConnectionState? = nil) {
        if let ref, logging.silences(ref) { return } // log level NONE
        let now = Date()
        emit(.lifecycle(LifecycleEvent(
            device: ref, endpoint: endpoint, type: type, text: text, connectionState: state?.rawValue, time: now)))
        if let ref {
            batch.events.append(DeviceEvent(tenant: ref.tenant, deviceID: ref.id, type: "lwm2m_" + type, text: text, time: now))
        }
    }

    /// Raises an alarm in the store (off the actor) and tells subscribers.
    func raiseAlarm(_ ref: DeviceRef, type: String, severity: AlarmSeverity, text: String) {
        let store = self.store
        let previous = alarmWrites
        alarmWrites = Task.detached { [weak self] in
            await previous?.value
            guard let alarm = try? store.raiseAlarm(tenant: ref.tenant, deviceID: ref.id, type: type, severity: severity, text: text) else { return }
            await self?.emit(.alarm(AlarmEvent(
                alarmID: alarm.id, device: ref, type: alarm.type, severity: alarm.severity.rawValue,
                status: alarm.status.rawValue, text: alarm.text, count: alarm.count)))
        }
    }

    /// Clears an open alarm of a type on a device (off the actor) and tells subscribers.
    func clearAlarm(_ ref: DeviceRef, type: String) {
        let store = self.store
        let previous = alarmWrites
        alarmWrites = Task.detached { [weak self] in
            await previous?.value
            guard let open = try? store.alarms(statuses: [.active, .acknowledged], tenant: ref.tenant, limit: 100_000)
                .first(where: { $0.deviceID == ref.id && $0.type == type }),
                  let cleared = try? store.clearAlarm(id: open.id) else { return }
            await self?.emit(.alarm(AlarmEvent(
                alarmID: cleared.id, device: ref, type: cleared.type, severity: cleared.severity.rawValue,
                status: cleared.status.rawValue, text: cleared.text, count: cleared.count)))
        }
    }
}
