import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// Firmware update (SPEC §8): a `fwupdate` operation runs a `FirmwareJob` instead of one
/// request, reports its progress in the operation's snapshot and as `FirmwareUpdate` lifecycle
/// events, and serves repository images to PULL devices at `/fw/<name>/<version>`.
extension LwM2MEngine {
    /// The Uri-Path prefix images are served under.
    static let firmwarePathPrefix = "fw"

    /// Starts the job of a dispatched `fwupdate` operation (called from `dispatch`).
    func startFirmwareUpdate(
        _ ref: DeviceRef, operation op: QueuedOperation<ShellRequest>, request: FirmwareUpdateRequest,
        peer: DevicePeer, session: DeviceSession
    ) {
        guard let endpoints else { return }
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
        let resumeFrom = jobs.phase(id)
        let bindAddress = configuration.bindAddress
        let endpointName = session.endpoint
        // The task holds the engine until the job ends; `stop()` cancels every job.
        let task = Task.detached { [self] in
            let outcome: FirmwareJobOutcome
            do {
                let device = try store.device(tenant: ref.tenant, id: ref.id)
                let bootstrap = try store.bootstrapParameters(tenant: ref.tenant, id: ref.id)
                let image = try store.firmwareImage(name: request.name, version: request.version)
                let host = Self.servingHost(serverURI: bootstrap?.lwm2mServerURI, bindAddress: bindAddress)
                let job = FirmwareJob(
                    request: request, endpoint: endpoint, peer: peer.address, stepTimeout: timeout, formats: formats,
                    settings: device?.firmware ?? FirmwareSettings(),
                    encoding: BinaryDeliveryEncoding(setting: bootstrap?.binaryDeliveryEncoding), image: image,
                    servedURI: image == nil ? nil : Self.servedURI(
                        base: device?.firmware.url, secure: peer.secure, host: host, port: servingPort,
                        name: request.name, version: request.version),
                    resumeFrom: resumeFrom, model: model,
                    reached: { jobs.reached(id, $0) },
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

    /// A progress text from a running job.
    func firmwareProgress(_ ref: DeviceRef, _ id: OperationID, attempt: Int, endpoint: String, text: String, newStep: Bool) {
        guard let snapshot = snapshots[id], snapshot.attempts == attempt, snapshot.status == .executing else { return }
        updateSnapshot(id) { $0.progress = text }
        if newStep { lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): \(text)") }
    }

    /// A job ended: SUCCESSFUL (alarm cleared), FAILED (MAJOR alarm), or back to PENDING when
    /// the device stopped answering (resumed on its next Register/Update).
    func firmwareEnded(_ ref: DeviceRef, _ id: OperationID, attempt: Int, endpoint: String, outcome: FirmwareJobOutcome) {
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

    private func firmwareFailed(_ ref: DeviceRef, _ id: OperationID, endpoint: String, reason: String) {
        lifecycle(ref, endpoint: endpoint, type: "FirmwareUpdate", text: "operation \(id): firmware update failed: \(reason)")
        raiseAlarm(ref, type: AlarmType.firmwareFailed, severity: .major, text: "Firmware update failed: \(reason)")
    }

    // MARK: Serving images (PULL)

    /// Answers `GET /fw/<name>/<version>` with the image from the repository (the CoAP layer
    /// slices it into Block2 blocks and keeps it for the follow-up requests).
    nonisolated func serveFirmware(_ ctx: CoAPRequestContext) async -> CoAPResponse {
        guard ctx.method == .get else { return CoAPResponse(.methodNotAllowed) }
        let path = ctx.path
        guard path.count == 3, path[0] == Self.firmwarePathPrefix else {
            return CoAPResponse(.notFound, text: "firmware is served at /fw/<name>/<version>")
        }
        do {
            guard let image = try store.firmwareImage(name: path[1], version: path[2]) else {
                return CoAPResponse(.notFound, text: "firmware \(path[1]) \(path[2]) is not in the repository")
            }
            var options = CoAPOptions()
            options.contentFormat = ContentFormat.opaque.rawValue
            return CoAPResponse(.content, options: options, payload: image)
        } catch {
            return CoAPResponse(.internalServerError, text: "the repository cannot be read")
        }
    }

    /// `coap[s]://host:port/fw/<name>/<version>` with the path segments percent-encoded.
    static func firmwareURIComponent(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        allowed.remove(";")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Where a device fetches an image from this engine.
    static func firmwareURI(secure: Bool, host: String, port: Int, name: String, version: String) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "coaps" : "coap")://\(shownHost):\(port)/\(firmwarePathPrefix)/"
            + firmwareURIComponent(name) + "/" + firmwareURIComponent(version)
    }

    /// The URI a device downloads a repository image from: under the device's `fwUpdateURL`
    /// when it is a coap/coaps URI (how devices reach this engine, e.g. through NAT), else on
    /// our own host and port.
    static func servedURI(base: String?, secure: Bool, host: String, port: Int, name: String, version: String) -> String {
        let path = "/\(firmwarePathPrefix)/" + firmwareURIComponent(name) + "/" + firmwareURIComponent(version)
        if let base, let scheme = URLComponents(string: base)?.scheme?.lowercased(), scheme == "coap" || scheme == "coaps" {
            return String(base.reversed().drop(while: { $0 == "/" }).reversed()) + path
        }
        return firmwareURI(secure: secure, host: host, port: port, name: name, version: version)
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
