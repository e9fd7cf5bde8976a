import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// Firmware update (SPEC §8): a `fwupdate` operation runs a `FirmwareJob` instead of one
/// request, reports its progress in the operation's snapshot and as `FirmwareUpdate` lifecycle
/// events, and serves repository images to PULL devices at `/fw/<token>`: a random path per
/// job, only while the job runs, only on the transport of the job's device.
extension LwM2MEngine {
    /// Firmware jobs running, waiting for a slot, and distinct images held in memory for them.
    public nonisolated var firmwareJobCounts: (running: Int, waiting: Int, images: Int) {
        (firmware.runningCount, firmware.waitingCount, firmware.imagesHeld)
    }

    /// The Uri-Path prefix images are served under.
    static let firmwarePathPrefix = "fw"

    /// Starts the job of a dispatched `fwupdate` operation (called from `dispatch`).
    func startFirmwareUpdate(
        _ ref: DeviceRef, operation op: QueuedOperation<ShellRequest>, request: FirmwareUpdateRequest,
        peer: DevicePeer, session: DeviceSession
    ) {
        guard let endpoints else { return }
        // Every slot taken: PENDING in line, started by `startWaitingFirmwareJobs` as jobs end.
        if firmware.runningCount >= max(1, configuration.maxConcurrentFirmwareJobs) {
            firmware.wait(FirmwareWaitingJob(device: ref, operation: op, request: request))
            updateSnapshot(op.id) {
                $0.status = .pending
                $0.progress = "waiting: \(self.firmware.runningCount) firmware jobs running (limit \(self.configuration.maxConcurrentFirmwareJobs))"
            }
            return
        }
        let endpoint = peer.secure ? endpoints.serverDTLS : endpoints.server
        let servingPort = endpoint.localAddress.port ?? 0
        let ourPorts: Set<Int> = [endpoints.server.localAddress.port ?? 0, endpoints.serverDTLS.localAddress.port ?? 0]
        let store = self.store
        let model = self.model
        let jobs = firmware
        let id = op.id
        let attempt = op.attempts
        let timeout = op.timeout
        let formats = session.formats
        let remembered = jobs.phase(id)
        let bindAddress = configuration.bindAddress
        let endpointName = session.endpoint
        // The task holds the engine until the job ends; `stop()` cancels every job.
        let task = Task.detached { [self] in
            let outcome: FirmwareJobOutcome
            do {
                let device = try store.device(tenant: ref.tenant, id: ref.id)
                // After an engine restart the phase comes from the store.
                let resumeFrom = try remembered ?? store.firmwareJobPhase(operation: id.rawValue).flatMap(FirmwarePhase.init(rawValue:))
                let bootstrap = try store.bootstrapParameters(tenant: ref.tenant, id: ref.id)
                let image = try jobs.image(for: id, name: request.name, version: request.version) {
                    try store.firmwareImage(name: request.name, version: request.version)
                }
                let host = Self.servingHost(serverURI: bootstrap?.lwm2mServerURI, bindAddress: bindAddress)
                let token = image.map { bytes in
                    jobs.serve(id, device: ref, image: bytes, secure: peer.secure) { text in
                        await self.firmwareProgress(ref, id, attempt: attempt, endpoint: endpointName, text: text, newStep: false)
                    }
                }
                let job = FirmwareJob(
                    request: request, endpoint: endpoint, peer: peer.address, stepTimeout: timeout, formats: formats,
                    settings: device?.firmware ?? FirmwareSettings(),
                    encoding: BinaryDeliveryEncoding(setting: bootstrap?.binaryDeliveryEncoding), image: image,
                    servedURI: token.map { Self.servedURI(base: device?.firmware.url, secure: peer.secure, host: host, port: servingPort, token: $0) },
                    resumeFrom: resumeFrom, model: model,
                    reached: { phase in
                        jobs.reached(id, phase)
                        try? store.setFirmwareJobPhase(operation: id.rawValue, phase.rawValue)
                    },
                    report: { text, newStep in
                        await self.firmwareProgress(ref, id, attempt: attempt, endpoint: endpointName, text: text, newStep: newStep)
                    })
                if image == nil, !Self.isExternal(request.url, ourHosts: [host, bindAddress, "127.0.0.1", "localhost"], ourPorts: ourPorts) {
                    outcome = .failure("firmware \(request.name) \(request.version) is not in the repository (add it with `lwm2m-console firmware add`)")
                } else {
                    outcome = await job.run()
                }
            } catch {
                outcome = .failure("cannot read the device or the repository: \(error)")
            }
            await self.firmwareEnded(ref, id, attempt: attempt, endpoint: endpointName, outcome: outcome)
        }
        jobs.started(id, task: task)
    }

    /// Starts waiting jobs while slots are free; skips those cancelled or expired meanwhile.
    func startWaitingFirmwareJobs() {
        while firmware.runningCount < max(1, configuration.maxConcurrentFirmwareJobs), let next = firmware.nextWaiting() {
            let id = next.operation.id
            guard snapshots[id]?.status == .pending, let session = sessions[next.device], let peer = session.peer,
                  session.queue.executing?.id == id else { continue }
            updateSnapshot(id) {
                $0.status = .executing
                $0.progress = nil
            }
            startFirmwareUpdate(next.device, operation: next.operation, request: next.request, peer: peer, session: session)
        }
    }

    /// A progress text from a running job.
    func firmwareProgress(_ ref: DeviceRef, _ id: OperationID, attempt: Int, endpoint: String, text: String, newStep: Bool) {
        guard let snapshot = snapshots[id], snapshot.attempts == attempt, snapshot.status == .executing else { return }
        updateSnapshot(id) { $0.progress = text }
        if newStep { lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): \(text)") }
    }

    /// A job ended: SUCCESSFUL (alarm cleared), FAILED (MAJOR alarm), or back to PENDING when
    /// the device stopped answering (resumed on its next Register/Update).
    func firmwareEnded(_ ref: DeviceRef, _ id: OperationID, attempt: Int, endpoint: String, outcome: FirmwareJobOutcome) {
        defer {
            // The stored phase goes with the operation's end; an engine stopping keeps it for
            // the restored operation.
            if running, firmware.phase(id) == nil { forgetStoredFirmwarePhase(id) }
            startWaitingFirmwareJobs()
        }
        // Ended meanwhile (stuck-operation limit, engine restart): nothing left to decide.
        guard let snapshot = snapshots[id], snapshot.attempts == attempt, snapshot.status == .executing else {
            firmware.ended(id, keepPhase: false)
            return
        }
        switch outcome {
        case .success(let lines):
            firmware.ended(id, keepPhase: false)
            updateSnapshot(id) { $0.progress = "updated" }
            finish(ref, id, attempt: attempt, outcome: .local(lines))
            lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): firmware updated; " + lines.joined(separator: "; "))
            clearAlarm(ref, type: AlarmType.firmwareFailed)
        case .failure(let reason):
            firmware.ended(id, keepPhase: false)
            finish(ref, id, attempt: attempt, outcome: .failure(reason))
            firmwareFailed(ref, id, endpoint: endpoint, reason: reason)
        case .noAnswer(let step):
            guard var session = sessions[ref], let executing = session.queue.executing, executing.id == id else {
                firmware.ended(id, keepPhase: false)
                return
            }
            let deadline = executing.deadline ?? .now
            let changed = session.queue.expire(now: max(deadline, .now))
            sessions[ref] = session
            var failed = false
            for op in changed where op.id == id {
                failed = op.status == .failed
                updateSnapshot(id) {
                    if failed {
                        $0.status = .failed
                        $0.failureReason = "\(step): \(op.failureReason ?? "no answer")"
                        $0.finishedAt = Date()
                    } else {
                        $0.status = .pending
                        $0.failureReason = "\(step): no answer within \(Self.milliseconds(op.timeout)) ms (attempt \(op.attempts) of \(session.queue.maxAttempts)); resumed on the next Register/Update"
                    }
                }
            }
            firmware.ended(id, keepPhase: !failed)
            if failed { firmwareFailed(ref, id, endpoint: endpoint, reason: "\(step): no answer after \(session.queue.maxAttempts) attempts") }
            else { lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): \(step): no answer; waiting for the next Register/Update") }
        }
    }

    private func forgetStoredFirmwarePhase(_ id: OperationID) {
        let store = self.store
        Task.detached { try? store.setFirmwareJobPhase(operation: id.rawValue, nil) }
    }

    private func firmwareFailed(_ ref: DeviceRef, _ id: OperationID, endpoint: String, reason: String) {
        lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): firmware update failed: \(reason)")
        raiseAlarm(ref, type: AlarmType.firmwareFailed, severity: .major, text: "Firmware update failed: \(reason)")
    }

    // MARK: Serving images (PULL)

    /// The largest Block2 block served (what a client asks for when smaller).
    static let firmwareBlockSZX = CoAPBlock.szx(forSize: 1024)

    /// Answers `GET /fw/<token>` with one Block2 block of the image of the running job that
    /// serves it on this transport (`secure`: the DTLS port), and reports the job's progress;
    /// 4.04 for any other path, a job that ended, or the other transport.
    nonisolated func serveFirmware(_ ctx: CoAPRequestContext, secure: Bool) async -> CoAPResponse {
        guard ctx.method == .get else { return CoAPResponse(.methodNotAllowed) }
        let path = ctx.path
        let asked = ctx.message.options.block2
        let szx = min(asked?.szx ?? Self.firmwareBlockSZX, Self.firmwareBlockSZX)
        let size = 16 << Int(szx)
        let number = Int(asked?.number ?? 0)
        guard path.count == 2, path[0] == Self.firmwarePathPrefix else {
            return CoAPResponse(.notFound, text: "no firmware download at this path")
        }
        // On the DTLS port only the job's device: its PSK identity, checked once per download.
        if secure, let identity = ctx.identity, let owner = firmware.uncheckedOwner(path[1], identity: identity) {
            if let found = try? store.device(lwm2mPSKIdentity: identity), found.device.tenant == owner.tenant, found.device.id == owner.id {
                firmware.verified(path[1], identity: identity)
            }
        }
        guard let (image, report) = firmware.download(path[1], secure: secure, identity: ctx.identity, block: number, size: size) else {
            return CoAPResponse(.notFound, text: "no firmware download at this path")
        }
        let offset = number * size
        guard offset < image.count || (offset == 0 && image.isEmpty) else {
            return CoAPResponse(.badOption, text: "block \(number) is past the end of the \(image.count)-byte image")
        }
        let end = min(offset + size, image.count)
        var options = CoAPOptions()
        options.contentFormat = ContentFormat.opaque.rawValue
        options.block2 = CoAPBlock(number: UInt32(number), more: end < image.count, szx: szx)
        if number == 0 { options.size2 = UInt32(clamping: image.count) }
        if let (progress, text) = report { await progress(text) }
        return CoAPResponse(.content, options: options, payload: Array(image[offset..<end]))
    }

    /// `coap[s]://host:port/fw/<token>`: where a device fetches its job's image from this engine.
    static func firmwareURI(secure: Bool, host: String, port: Int, token: String) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "coaps" : "coap")://\(shownHost):\(port)/\(firmwarePathPrefix)/\(token)"
    }

    /// The URI a device downloads a repository image from: under the device's `fwUpdateURL`
    /// when it is a coap/coaps URI (how devices reach this engine, e.g. through NAT), else on
    /// our own host and port.
    static func servedURI(base: String?, secure: Bool, host: String, port: Int, token: String) -> String {
        let path = "/\(firmwarePathPrefix)/\(token)"
        if let base, let scheme = URLComponents(string: base)?.scheme?.lowercased(), scheme == "coap" || scheme == "coaps" {
            return String(base.reversed().drop(while: { $0 == "/" }).reversed()) + path
        }
        return firmwareURI(secure: secure, host: host, port: port, token: token)
    }

    /// The host devices reach the engine at: the host of the device's own LwM2M server URI
    /// (it reached us there), else the bind address unless it is a wildcard.
    static func servingHost(serverURI: String?, bindAddress: String) -> String {
        if let serverURI, let host = URLComponents(string: serverURI)?.host, !host.isEmpty {
            return host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        }
        return bindAddress == "0.0.0.0" || bindAddress == "::" ? "127.0.0.1" : bindAddress
    }

    /// True when `url` is not one of ours: http(s), or another host or port.
    static func isExternal(_ url: String, ourHosts: Set<String>, ourPorts: Set<Int>) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return true }
        guard scheme == "coap" || scheme == "coaps" else { return true }
        let host = components.host ?? ""
        let port = components.port ?? (scheme == "coaps" ? 5684 : 5683)
        return !ourHosts.contains(host) || !ourPorts.contains(port)
    }
}
