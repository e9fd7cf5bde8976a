import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// Operations (SPEC §5): submit, queue per device, dispatch when reachable, timeouts back to
/// PENDING, retries on the next contact, results decoded and stored.
extension LwM2MEngine {
    /// Parses `text` for a device and queues one operation per line.
    public func submit(_ device: DeviceRef, text: String) async throws(EngineError) -> [OperationSnapshot] {
        if let done = try submitLogLevel(device, text: text) { return done } // `loglevel LEVEL` (Logging/)
        let stored: Device?
        let bootstrap: BootstrapParameters?
        do {
            stored = try store.device(tenant: device.tenant, id: device.id)
            bootstrap = try store.bootstrapParameters(tenant: device.tenant, id: device.id)
        } catch { throw EngineError("cannot read device \(device): \(error)") }
        guard let stored else { throw EngineError("there is no device '\(device.id)' in tenant '\(device.tenant)'") }
        guard stored.shellEnabled else {
            throw EngineError("shell commands are disabled for device '\(device.id)' (SHELL=0 in its registration data)")
        }
        let requests: [ShellRequest]
        do { requests = try ShellCommandParser.parse(text, model: model) } catch { throw EngineError(error.description) }
        guard !requests.isEmpty else { throw EngineError("nothing to do: the text has no command") }
        var session = sessions[device] ?? newSession(device, endpoint: stored.endpoint)
        if let bootstrap { apply(bootstrap, to: &session) }
        let queued = requests.count(where: { if case .serialization = $0.command { false } else { true } })
        guard session.queue.operations.count + queued <= session.queue.limit else {
            raiseAlarm(device, type: AlarmType.operationQueueFull, severity: .minor,
                       text: "Operation queue of \(device.id) is full (\(session.queue.limit) operations)")
            throw EngineError("the operation queue of '\(device.id)' is full (\(session.queue.limit) operations); cancel pending ones or wait")
        }
        sessions[device] = session
        let policy = configuration.timeoutPolicy
        var created: [OperationSnapshot] = []
        let now = ContinuousClock.now
        for request in requests {
            let id = OperationID(nextOperationID)
            nextOperationID += 1
            let timeout = policy.timeout(command: request.timeout, device: session.requestTimeout)
            var snapshot = OperationSnapshot(
                id: id, device: device, line: request.line, status: .pending, timeoutMs: Self.milliseconds(timeout),
                createdAt: Date())
            if case .serialization(let setting) = request.command {
                snapshot = applySerialization(setting, to: snapshot)
            } else {
                do { try sessions[device]?.queue.enqueue(request, id: id, timeout: timeout, now: now) } catch {
                    throw EngineError(error.message)
                }
            }
            record(snapshot)
            created.append(snapshot)
        }
        dispatch(device)
        return created.map { snapshots[$0.id] ?? $0 }
    }

    private func applySerialization(_ setting: SerializationSetting, to snapshot: OperationSnapshot) -> OperationSnapshot {
        var result = snapshot
        let ref = snapshot.device
        sessions[ref]?.serialization = setting.contentFormat
        let value = setting == .default ? "" : setting.rawValue
        do {
            _ = try store.updateBootstrapParameters(tenant: ref.tenant, id: ref.id, changes: ["serializationFormat": value])
            result.status = .successful
            result.resultLines = ["serialization of \(ref.id) set to \(setting.rawValue)"]
        } catch {
            result.status = .failed
            result.failureReason = "cannot store the serialization: \(error)"
        }
        result.finishedAt = Date()
        return result
    }

    /// Cancels a PENDING operation.
    public func cancel(_ operation: OperationID) async throws(EngineError) -> OperationSnapshot {
        guard let snapshot = snapshots[operation] else {
            throw EngineError("operation \(operation) is not open (it finished or does not exist)")
        }
        guard var session = sessions[snapshot.device] else { throw EngineError("operation \(operation) is not queued") }
        do { _ = try session.queue.cancel(operation) } catch { throw EngineError(error.message) }
        sessions[snapshot.device] = session
        return updateSnapshot(operation) {
            $0.status = .failed
            $0.failureReason = "cancelled by the operator"
            $0.finishedAt = Date()
        } ?? snapshot
    }

    /// The newest operations of a device, newest first (live state merged over the store's history).
    public func operations(_ device: DeviceRef, limit: Int) async throws(EngineError) -> [OperationSnapshot] {
        var merged: [OperationID: OperationSnapshot] = [:]
        do {
            let decoder = JSONDecoder()
            for record in try store.engineOperations(tenant: device.tenant, deviceID: device.id, limit: limit) {
                if let json = record.result, let snapshot = try? decoder.decode(OperationSnapshot.self, from: Data(json.utf8)) {
                    merged[snapshot.id] = snapshot
                }
            }
        } catch { throw EngineError("cannot read the operations of \(device): \(error)") }
        let unwritten = (flushing?.operations ?? [:]).merging(batch.operations) { _, newer in newer }
        for (id, op) in unwritten where op.tenant == device.tenant && op.deviceID == device.id {
            if let json = op.result, let snapshot = try? JSONDecoder().decode(OperationSnapshot.self, from: Data(json.utf8)) {
                merged[OperationID(id)] = snapshot
            }
        }
        for snapshot in snapshots.values where snapshot.device == device { merged[snapshot.id] = snapshot }
        return Array(merged.values.sorted { $0.id > $1.id }.prefix(max(0, limit)))
    }

    // MARK: Snapshots

    /// Stores a snapshot (live if open), queues its store write and tells subscribers.
    func record(_ snapshot: OperationSnapshot) {
        if snapshot.status.isFinal { snapshots[snapshot.id] = nil } else { snapshots[snapshot.id] = snapshot }
        let json = (try? JSONEncoder().encode(snapshot)).map { String(decoding: $0, as: UTF8.self) }
        batch.operations[snapshot.id.rawValue] = EngineOperationRecord(
            id: snapshot.id.rawValue, tenant: snapshot.device.tenant, deviceID: snapshot.device.id, command: snapshot.line,
            status: snapshot.status.rawValue, timeoutMs: snapshot.timeoutMs, result: json,
            failureReason: snapshot.failureReason, createdAt: snapshot.createdAt, updatedAt: Date())
        batch.events.append(DeviceEvent(
            tenant: snapshot.device.tenant, deviceID: snapshot.device.id, type: "lwm2m_Operation",
            text: snapshot.eventText, time: Date()))
        emit(.operation(snapshot))
    }

    /// Changes an open operation's snapshot and records it; nil when it is not open.
    @discardableResult
    func updateSnapshot(_ id: OperationID, _ change: (inout OperationSnapshot) -> Void) -> OperationSnapshot? {
        guard var snapshot = snapshots[id] else { return nil }
        change(&snapshot)
        record(snapshot)
        return snapshot
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }

    // MARK: Dispatch

    /// Sends the device's next operation when it is reachable and nothing is in flight.
    func dispatch(_ ref: DeviceRef) {
        let now = ContinuousClock.now
        guard running, var session = sessions[ref], session.isReachable(now: now), let peer = session.peer,
              let endpoints else { return }
        guard let op = session.queue.dispatchNext(now: now) else { return }
        sessions[ref] = session
        watchedSessions.insert(ref)
        let attempt = op.attempts
        updateSnapshot(op.id) {
            $0.status = .executing
            $0.attempts = attempt
            $0.sentAt = Date()
            $0.failureReason = nil
        }
        if case .firmwareUpdate(let request) = op.request.command {
            // A multi-step job with per-step timeouts of its own (LwM2MEngine+Firmware.swift).
            startFirmwareUpdate(ref, operation: op, request: request, peer: peer, session: session)
            return
        }
        let plan: PlannedRequest
        do { plan = try OperationRequestBuilder(formats: session.formats, binaryEncoding: session.binaryEncoding).plan(op.request.command) } catch {
            finish(ref, op.id, attempt: attempt, outcome: .failure(error.message))
            return
        }
        if case .cancelObservation(let key, let actively) = plan.kind {
            let held = observations[ref]?[key]
            if held != nil {
                observations[ref]?[key] = nil
                observationCancelled(ref, key: key)
            }
            if let held, held.observation != nil || !actively {
                // Cancel the observation we hold with its own token (RFC 7641 §3.6).
                held.consumer?.cancel()
                let how = actively ? "cancelled with GET Observe=1" : "forgotten: the next notification gets RST"
                Task { [weak self] in
                    await held.observation?.cancel(actively: actively)
                    await self?.finish(ref, op.id, attempt: attempt, outcome: .local(["observation of \(key) \(how)"]))
                }
                return
            }
            if !actively {
                finish(ref, op.id, attempt: attempt, outcome: .local(["no observation of \(key) is held; nothing to cancel"]))
                return
            }
            // Not held, or restored after a restart and not live yet: ask the device by path.
        }
        let endpoint = peer.secure ? endpoints.serverDTLS : endpoints.server
        // The CoAP exchange may outlive our deadline (up to twice the timeout) so a late
        // answer can still be matched and recorded as `late`.
        let coapTimeout = TimeAmount.milliseconds(Int64(Self.milliseconds(op.timeout)) * 2)
        let decoder = ResponseDecoder(model: model)
        let started = ContinuousClock.now
        Task { [weak self] in
            let outcome = await Self.perform(plan, endpoint: endpoint, peer: peer.address, timeout: coapTimeout, decoder: decoder, started: started)
            await self?.finishAttempt(ref, op.id, attempt: attempt, plan: plan, outcome: outcome)
        }
        if let deadline = session.queue.executing?.deadline {
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                await self?.deadlinePassed(ref)
            }
        }
    }

    /// The result of one attempt.
    enum AttemptOutcome: Sendable {
        /// The device answered.
        case answered(CoAPResponse, lines: [String], nodes: LwM2MNodes, roundTripMs: Int, observation: CoAPObservation?)
        /// No answer in time (the deadline timer decides what happens).
        case noAnswer
        /// The request could not be carried out.
        case failure(String)
        /// Done by the engine itself (no device answer), with result lines.
        case local([String])
    }

    private static func perform(
        _ plan: PlannedRequest, endpoint: CoAPEndpoint, peer: SocketAddress, timeout: TimeAmount,
        decoder: ResponseDecoder, started: ContinuousClock.Instant
    ) async -> AttemptOutcome {
        do {
            let response: CoAPResponse
            var observation: CoAPObservation?
            if case .observe = plan.kind {
                let established = try await endpoint.observe(plan.request, to: peer, timeout: timeout)
                response = established.response
                observation = established.isEstablished ? established : nil
            } else {
                response = try await endpoint.send(plan.request, to: peer, timeout: timeout)
            }
            let decoded = decoder.decode(response, path: plan.decodePath)
            let rtt = Self.milliseconds(ContinuousClock.now - started)
            return .answered(response, lines: decoded.lines, nodes: decoded.nodes, roundTripMs: rtt, observation: observation)
        } catch let error as CoAPError {
            switch error.kind {
            case .timeout, .cancelled, .endpointClosed: return .noAnswer
            case .reset: return .failure("the device rejected the request (CoAP reset)")
            default: return .failure(error.message)
            }
        } catch {
            return .failure("\(error)")
        }
    }

    private func finishAttempt(_ ref: DeviceRef, _ id: OperationID, attempt: Int, plan: PlannedRequest, outcome: AttemptOutcome) async {
        if case .answered(let response, _, let nodes, _, let observation) = outcome, response.code.isSuccess {
            switch plan.kind {
            case .observe(let key):
                if let observation { startObservation(ref, key: key, plan: plan, observation: observation) }
                storeLastValues(ref, nodes, source: .read)
            case .cancelObservation(let key, _):
                await stopObservation(ref, key: key)
            case .exchange:
                // A read or composite read (GET/FETCH) answers current values.
                if plan.request.method == .get || plan.request.method == .fetch { storeLastValues(ref, nodes, source: .read) }
            }
        }
        finish(ref, id, attempt: attempt, outcome: outcome)
    }

    /// Applies an attempt's outcome: SUCCESSFUL/FAILED when it is still the attempt in flight,
    /// `late` when the operation had already timed out back to PENDING.
    func finish(_ ref: DeviceRef, _ id: OperationID, attempt: Int, outcome: AttemptOutcome) {
        guard var session = sessions[ref], let snapshot = snapshots[id], snapshot.attempts == attempt else { return }
        let inFlight = session.queue.executing?.id == id
        switch outcome {
        case .noAnswer:
            return // the deadline timer puts it back to PENDING
        case .failure(let reason):
            guard inFlight else { return }
            _ = session.queue.complete(id, success: false, failureReason: reason)
            sessions[ref] = session
            updateSnapshot(id) { $0.status = .failed; $0.failureReason = reason; $0.finishedAt = Date() }
        case .local(let lines):
            guard inFlight else { return }
            _ = session.queue.complete(id, success: true)
            sessions[ref] = session
            updateSnapshot(id) { $0.status = .successful; $0.resultLines = lines; $0.finishedAt = Date() }
        case .answered(let response, let lines, _, let rtt, _):
            let success = response.code.isSuccess
            let reason = success ? nil : Self.failureText(response)
            if inFlight {
                _ = session.queue.complete(id, success: success, failureReason: reason)
            } else if snapshot.status == .pending {
                // Late answer to the attempt that timed out: take it rather than resend. The
                // device is reachable after all, so the rest of its queue need not wait.
                _ = try? session.queue.cancel(id)
                session.queue.deviceContacted()
            } else {
                return
            }
            sessions[ref] = session
            updateSnapshot(id) {
                $0.status = success ? .successful : .failed
                $0.responseCode = response.code.description
                $0.contentFormat = response.payload.isEmpty ? nil : response.options.contentFormat
                $0.roundTripMs = rtt
                $0.resultLines = lines
                $0.failureReason = reason
                $0.finishedAt = Date()
                $0.late = !inFlight
            }
        }
        dispatch(ref)
    }

    static func failureText(_ response: CoAPResponse) -> String {
        let text = String(decoding: response.payload.prefix(200), as: UTF8.self)
        return "the device answered \(response.code)" + (text.isEmpty ? "" : ": \(text)")
    }

    /// An attempt's deadline passed: back to PENDING until the next Register/Update, or FAILED.
    /// A Register/Update that arrived while the attempt was in flight counts as that contact.
    func deadlinePassed(_ ref: DeviceRef) {
        guard var session = sessions[ref] else { return }
        let sentAt = session.queue.executing?.sentAt
        let changed = session.queue.expire(now: .now)
        // A device that re-registered mid-request (a reboot, a factory reset, a new address:
        // Anjay did so) never answers the old request and may not update for days; waiting
        // for yet another contact would stall its whole queue, so resend now.
        let contactedSince = sentAt.flatMap { sent in
            session.registrationID.flatMap { registrations.registration(id: $0) }.map { $0.lastContact > sent }
        } ?? false
        if contactedSince { session.queue.deviceContacted() }
        sessions[ref] = session
        let resend = contactedSince ? "resent now: the device registered or updated meanwhile" : "resent on the next Register/Update"
        for op in changed {
            updateSnapshot(op.id) {
                if op.status == .failed {
                    $0.status = .failed
                    $0.failureReason = op.failureReason
                    $0.finishedAt = Date()
                } else {
                    $0.status = .pending
                    $0.failureReason = "no answer within \(Self.milliseconds(op.timeout)) ms (attempt \(op.attempts) of \(session.queue.maxAttempts)); \(resend)"
                }
            }
        }
        if contactedSince { dispatch(ref) }
    }

    /// Queues again the operations a previous run left open (their lines parse again).
    func restoreOperations() {
        guard let open = try? store.unfinishedEngineOperations() else { return }
        let now = ContinuousClock.now
        for record in open {
            let ref = DeviceRef(tenant: record.tenant, id: record.deviceID)
            let decoded = record.result.flatMap { try? JSONDecoder().decode(OperationSnapshot.self, from: Data($0.utf8)) }
            guard var snapshot = decoded, let request = try? ShellCommandParser.parseLine(record.command, model: model) else { continue }
            var session = sessions[ref] ?? newSession(ref, endpoint: "")
            let timeout = Duration.milliseconds(snapshot.timeoutMs)
            guard (try? session.queue.enqueue(request, id: snapshot.id, timeout: timeout, now: now)) != nil else { continue }
            sessions[ref] = session
            snapshot.status = .pending
            snapshot.attempts = 0
            snapshot.failureReason = "queued again after an engine restart"
            snapshots[snapshot.id] = snapshot
        }
    }
}
