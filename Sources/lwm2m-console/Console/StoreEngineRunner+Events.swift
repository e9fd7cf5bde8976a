import ConsoleCore
import DeviceStore
import Foundation
import LwM2MEngine

extension StoreEngineRunner {
    /// Sends a shell line to the engine; its operation events come back as `.shellUpdate`s.
    func submit(requestID: Int, device: DeviceRef, line: String, timeout: TimeInterval, post: @escaping @Sendable (Action) -> Void) {
        let text = Self.engineLine(line, timeout: timeout)
        Task.detached { [engine] in
            let snapshots: [OperationSnapshot]
            do {
                snapshots = try await engine.submit(device, text: text)
            } catch {
                return post(.shellUpdate(requestID: requestID, .failed(Self.message(error))))
            }
            let early = self.state.withLock { shared -> [OperationSnapshot] in
                var found: [OperationSnapshot] = []
                for snapshot in snapshots {
                    shared.requestByOperation[snapshot.id] = requestID
                    if let event = shared.early.removeValue(forKey: snapshot.id) { found.append(event) }
                }
                return found
            }
            for snapshot in snapshots + early { self.deliver(snapshot, post: post) }
        }
    }

    /// The console's `--timeout N` (seconds) as the engine's `--timeout Nms`; other lines unchanged.
    static func engineLine(_ line: String, timeout: TimeInterval) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let index = words.firstIndex(of: "--timeout") else { return line }
        let end = min(index + 2, words.count)
        words.removeSubrange(index..<end)
        return words.joined(separator: " ") + " --timeout \(Int((timeout * 1000).rounded()))ms"
    }

    /// Posts what changed in an operation to its shell request.
    func deliver(_ snapshot: OperationSnapshot, post: @escaping @Sendable (Action) -> Void) {
        let key = "\(snapshot.status.rawValue)/\(snapshot.attempts)/\(snapshot.late)/\(snapshot.progress ?? "")"
        let requestID = state.withLock { shared -> Int? in
            guard let requestID = shared.requestByOperation[snapshot.id] else {
                if shared.early.count > 1000 { shared.early.removeAll() }
                shared.early[snapshot.id] = snapshot
                return nil
            }
            if shared.lastStatus[snapshot.id] == key { return nil }
            shared.lastStatus[snapshot.id] = key
            if snapshot.status.isFinal {
                shared.requestByOperation[snapshot.id] = nil
                shared.lastStatus[snapshot.id] = nil
            }
            return requestID
        }
        guard let requestID else { return }
        for update in Self.updates(snapshot) { post(.shellUpdate(requestID: requestID, update)) }
    }

    /// The shell updates one operation snapshot means.
    static func updates(_ snapshot: OperationSnapshot) -> [ShellUpdate] {
        switch snapshot.status {
        case .pending:
            if snapshot.attempts > 0 {
                return [.timedOut, .pending(reason: snapshot.failureReason ?? "waiting for the device's next update")]
            }
            return [.pending(reason: "queued")]
        case .executing:
            // A fwupdate reports its steps and block counts while it executes.
            return [.executing] + (snapshot.progress.map { [ShellUpdate.progress($0)] } ?? [])
        case .successful:
            return [.completed(result(snapshot, success: true))]
        case .failed:
            if snapshot.responseCode != nil { return [.completed(result(snapshot, success: false))] }
            return [.failed(snapshot.failureReason ?? "failed")]
        }
    }

    private static func result(_ snapshot: OperationSnapshot, success: Bool) -> ShellResult {
        var lines = snapshot.resultLines
        if !success, let reason = snapshot.failureReason, !reason.isEmpty { lines.append(reason) }
        return ShellResult(code: snapshot.responseCode ?? "", isSuccess: success, lines: lines, milliseconds: snapshot.roundTripMs ?? 0)
    }

    /// Subscribes to the engine's events once and keeps the header's status fresh.
    func startEvents(_ post: @escaping @Sendable (Action) -> Void) {
        let first = state.withLock { shared in
            defer { shared.eventsStarted = true }
            return !shared.eventsStarted
        }
        guard first else { return }
        let events = Task.detached { [engine] in
            for await event in await engine.events() {
                if Task.isCancelled { break }
                self.handle(event, post: post)
            }
        }
        let status = Task.detached {
            // Until the embedded engine is up its status waits; the header still gets the count.
            if let embedded = self.embedded, embedded.started == nil,
                let counted = try? self.store.countDevices(StoreDeviceQuery(tenant: self.tenant))
            {
                post(.engineStatus(ConsoleCore.EngineStatus(state: .starting, deviceCount: counted)))
            }
            while !Task.isCancelled {
                await self.postStatus(post)
                try? await Task.sleep(for: .seconds(1))
            }
        }
        // The console opens before the embedded engine is up: say so when its start fails.
        let failure = Task.detached { [embedded] in
            if let reason = await embedded?.startFailure() { post(.failed("The engine did not start: \(reason)")) }
        }
        state.withLock { $0.tasks += [events, status, failure] }
    }

    /// Posts the header's engine status when it changed.
    func postStatus(_ post: @escaping @Sendable (Action) -> Void) async {
        let record = await engine.status()
        let tenant = self.tenant
        let counted = try? store.countDevices(StoreDeviceQuery(tenant: tenant))
        if let counted { state.withLock { $0.total = (tenant, counted) } }
        let devices = counted ?? 0
        let header = StoreRows.status(record, attached: isAttached, devices: devices)
        let changed = state.withLock { shared in
            defer { shared.lastHeader = header }
            return shared.lastHeader != header
        }
        if changed { post(.engineStatus(header)) }
    }

    /// Maps one engine event onto console actions.
    func handle(_ event: EngineEvent, post: @escaping @Sendable (Action) -> Void) {
        switch event {
        case .operation(let snapshot):
            deliver(snapshot, post: post)
            if isOpen(snapshot.device) {
                post(.operationChanged(deviceID: snapshot.device.id, StoreRows.operation(snapshot)))
                post(.deviceEvent(deviceID: snapshot.device.id, StoreRows.event(type: "Operation", text: snapshot.eventText, time: Date())))
            }
            if snapshot.status == .successful { refreshValues(of: snapshot.device, post: post) }
        case .alarm(let alarm):
            if let row = StoreRows.alarm(alarm, now: Date()) {
                post(.alarmRaised(row))
            } else {
                post(.alarmRemoved(id: String(alarm.alarmID)))
            }
        case .lifecycle(let lifecycle):
            guard let device = lifecycle.device, device.tenant == tenant else { return }
            if isOpen(device) {
                post(.deviceEvent(deviceID: device.id, StoreRows.event(type: lifecycle.type, text: lifecycle.text, time: lifecycle.time)))
            }
            // Only a state change says something new about the row; the stored state may lag the
            // engine (write-behind), so re-reading it for every event made the row flicker.
            guard let state = lifecycle.connectionState.flatMap(StoreRows.state(text:)) else { return }
            if let stored = try? store.device(tenant: device.tenant, id: device.id) {
                var row = StoreRows.row(stored, state: state)
                row.lastSeen = lifecycle.time
                post(.deviceUpdated(row))
            }
        case .status:
            Task.detached { await self.postStatus(post) }
        case .notification(let notification):
            refreshValues(of: notification.device, post: post)
        }
    }
}
