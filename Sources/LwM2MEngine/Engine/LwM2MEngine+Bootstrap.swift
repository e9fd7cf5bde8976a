import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// The bootstrap server (SPEC §3, §10): device lookup, the delete/write/finish sequence with a
/// timeout per step, content-format fallback on 4.15, events and alarms.
extension LwM2MEngine {
    /// The exact bootstrap sequence this device would get now, one decoded line per value.
    public func bootstrapPlan(_ device: DeviceRef) async throws(EngineError) -> [String] {
        let details: DeviceDetails?
        do { details = try store.deviceDetails(tenant: device.tenant, id: device.id) } catch {
            throw EngineError("cannot read device \(device): \(error)")
        }
        guard let details else { throw EngineError("there is no device '\(device.id)' in tenant '\(device.tenant)'") }
        let renderer = ResultRenderer(model: model)
        var lines: [String] = []
        for step in BootstrapPlan(bootstrapSettings(details)).steps {
            switch step {
            case .delete(let path): lines.append("DELETE \(path)")
            case .finish: lines.append("POST /bs (Bootstrap-Finish)")
            case .write(let path, let nodes):
                lines.append("WRITE \(path) (\(ContentFormat.tlv.mediaType) unless the client asks otherwise)")
                for valuePath in nodes.sortedPaths {
                    guard let value = nodes.values[valuePath] else { continue }
                    if valuePath.objectID == 0, valuePath.resourceID == 5, case .opaque(let key) = value, !key.isEmpty {
                        lines.append("  \(valuePath) Secret Key = •••• (\(key.count) bytes, hidden)")
                    } else {
                        lines.append("  " + renderer.line(path: valuePath, value: value))
                    }
                }
            }
        }
        return lines
    }

    /// The settings the plan is built from: the device's stored parameters and keys, with the
    /// engine's defaults where they are empty.
    nonisolated func bootstrapSettings(_ details: DeviceDetails) -> BootstrapSettings {
        let b = details.bootstrap
        let mode: BootstrapSettings.SecurityMode = details.device.securityMode == .psk ? .psk : .noSec
        var s = BootstrapSettings(serverURI: b.lwm2mServerURI ?? defaultURI(secure: mode == .psk, bootstrap: false), securityMode: mode)
        s.pskIdentity = details.lwm2mPSK?.identity
        s.pskKey = details.lwm2mPSK.map { Array($0.key) }
        s.serverPublicKey = b.serverPublicKey.map { HexBytes.decode($0) ?? Array($0.utf8) }
        s.securityInstanceOffset = UInt16(clamping: b.securityInstanceOffset)
        s.shortServerID = Int64(b.lwm2mShortServerID)
        s.generateBootstrapServerConfig = b.generateBootstrapServerConfig
        s.bootstrapServerURI = configuration.bootstrapServerURI ?? defaultURI(secure: b.bootstrapSecurityMode == .psk, bootstrap: true)
        s.bootstrapPskIdentity = details.bootstrapPSK?.identity
        s.bootstrapPskKey = details.bootstrapPSK.map { Array($0.key) }
        s.bootstrapShortServerID = Int64(b.bootstrapShortServerID)
        s.lifetime = b.registrationLifetime.map(Int64.init) ?? configuration.defaultLifetime
        s.defaultMinimumPeriod = b.defaultMinimumPeriod.map(Int64.init)
        s.defaultMaximumPeriod = b.defaultMaximumPeriod.map(Int64.init)
        s.disableTimeout = b.disableTimeout.map(Int64.init)
        s.notificationStoringWhenDisabled = b.notificationIfDisabled
        s.binding = b.bindingMode
        return s
    }

    private nonisolated func defaultURI(secure: Bool, bootstrap: Bool) -> String {
        let host = configuration.bindAddress == "0.0.0.0" || configuration.bindAddress == "::" ? "localhost" : configuration.bindAddress
        let port = switch (bootstrap, secure) {
        case (false, false): configuration.serverPort
        case (false, true): configuration.serverDTLSPort
        case (true, false): configuration.bootstrapPort
        case (true, true): configuration.bootstrapDTLSPort
        }
        return "\(secure ? "coaps" : "coap")://\(host):\(port)"
    }

    /// `POST /bs?ep=…[&pct=…]`: finds the device, answers 2.04 and runs the sequence.
    nonisolated func handleBootstrapRequest(_ ctx: CoAPRequestContext, secure: Bool) async -> CoAPResponse {
        guard ctx.method == .post, ctx.path == ["bs"] else { return CoAPResponse(.methodNotAllowed) }
        var endpoint: String?
        var preferred: ContentFormat?
        for item in ctx.query {
            if item.hasPrefix("ep=") { endpoint = String(item.dropFirst(3)) }
            if item.hasPrefix("pct="), let number = UInt16(item.dropFirst(4)) { preferred = ContentFormat(rawValue: number) }
        }
        guard let endpoint, !endpoint.isEmpty else { return CoAPResponse(.badRequest, text: "ep= is missing") }
        let peer = DevicePeer(address: ctx.peer, secure: secure)
        let details: DeviceDetails
        do {
            let device: Device
            if secure {
                guard let identity = ctx.identity, let found = try store.device(bootstrapPSKIdentity: identity) else {
                    return await bootstrapRefused(nil, endpoint: endpoint, reason: "unknown bootstrap PSK identity '\(ctx.identity ?? "")' from \(peer)")
                }
                guard found.device.endpoint == endpoint else {
                    return await bootstrapRefused(DeviceRef(tenant: found.device.tenant, id: found.device.id), endpoint: endpoint,
                        reason: "bootstrap PSK identity '\(found.psk.identity)' belongs to endpoint '\(found.device.endpoint)'")
                }
                device = found.device
            } else {
                guard let found = try store.device(endpoint: endpoint) else {
                    return await bootstrapRefused(nil, endpoint: endpoint, reason: "unknown or duplicate endpoint (from \(peer))")
                }
                device = found
            }
            guard let found = try store.deviceDetails(tenant: device.tenant, id: device.id) else {
                return await bootstrapRefused(nil, endpoint: endpoint, reason: "the device was deleted")
            }
            details = found
        } catch {
            return CoAPResponse(.internalServerError, text: "the device store failed")
        }
        let ref = DeviceRef(tenant: details.device.tenant, id: details.device.id)
        if !secure, details.bootstrap.bootstrapSecurityMode != .noSec {
            return await bootstrapRefused(ref, endpoint: endpoint, reason: "a PSK device must bootstrap over DTLS")
        }
        let plan = BootstrapPlan(bootstrapSettings(details))
        await bootstrapStarted(ref, endpoint: endpoint, peer: peer)
        let endpoints = await currentEndpoints()
        guard let coapEndpoint = secure ? endpoints?.bootstrapDTLS : endpoints?.bootstrap else { return CoAPResponse(.serviceUnavailable) }
        let stepTimeout = configuration.bootstrapStepTimeout
        Task { [weak self] in
            // Give our 2.04 a head start so the client sees it before our first request.
            try? await Task.sleep(for: .milliseconds(20))
            let failure = await Self.runBootstrap(plan, preferred: preferred, endpoint: coapEndpoint, peer: ctx.peer, stepTimeout: stepTimeout)
            await self?.bootstrapFinished(ref, endpoint: endpoint, peer: peer, failure: failure)
        }
        return CoAPResponse(.changed)
    }

    private func currentEndpoints() -> Endpoints? { endpoints }

    private func bootstrapRefused(_ ref: DeviceRef?, endpoint: String, reason: String) -> CoAPResponse {
        lifecycle(ref, endpoint: endpoint, type: "BootstrapFailure", text: "bootstrap of \(endpoint) refused: \(reason)")
        if let ref {
            bootstrapFailureAlarmed.insert(ref)
            raiseAlarm(ref, type: AlarmType.bootstrapFailed, severity: .major, text: "Bootstrap of \(endpoint) refused: \(reason)")
        }
        return CoAPResponse(.forbidden)
    }

    private func bootstrapStarted(_ ref: DeviceRef, endpoint: String, peer: DevicePeer) {
        noteConnection(ref, .bootstrapping, lastSeen: Date())
        lifecycle(ref, endpoint: endpoint, type: "BootstrapStart", text: "bootstrap of \(endpoint) from \(peer) started", state: .bootstrapping)
        tapBootstrap(ref, peer: peer, running: true)
    }

    private func bootstrapFinished(_ ref: DeviceRef, endpoint: String, peer: DevicePeer, failure: String?) {
        tapBootstrap(ref, peer: peer, running: false)
        if let failure {
            lifecycle(ref, endpoint: endpoint, type: "BootstrapFailure", text: "bootstrap of \(endpoint) failed: \(failure)")
            bootstrapFailureAlarmed.insert(ref)
            raiseAlarm(ref, type: AlarmType.bootstrapFailed, severity: .major, text: "Bootstrap of \(endpoint) failed: \(failure)")
        } else {
            lifecycle(ref, endpoint: endpoint, type: "BootstrapEnd", text: "bootstrap of \(endpoint) finished")
            if bootstrapFailureAlarmed.remove(ref) != nil { clearAlarm(ref, type: AlarmType.bootstrapFailed) }
        }
    }

    /// Sends the plan step by step; returns nil on success, else which step failed and how.
    private static func runBootstrap(
        _ plan: BootstrapPlan, preferred: ContentFormat?, endpoint: CoAPEndpoint, peer: SocketAddress, stepTimeout: Duration
    ) async -> String? {
        let timeout = TimeAmount.milliseconds(Int64(milliseconds(stepTimeout)))
        let writable: [ContentFormat] = [.tlv, .senmlCBOR, .senmlJSON, .lwm2mJSON]
        var formats: [ContentFormat] = [.tlv, .senmlCBOR, .senmlJSON]
        if let preferred, writable.contains(preferred) { formats = [preferred] + formats.filter { $0 != preferred } }
        for (index, step) in plan.steps.enumerated() {
            let name = "step \(index + 1) (\(step))"
            switch step {
            case .delete(let path):
                var options = CoAPOptions()
                options.uriPath = path.uriPathSegments
                guard let response = await send(CoAPRequest(.delete, options: options), endpoint, peer, timeout) else {
                    return "\(name): no answer within \(milliseconds(stepTimeout)) ms"
                }
                guard response.code.isSuccess || response.code == .notFound else { return "\(name): \(failureText(response))" }
            case .finish:
                guard let response = await send(CoAPRequest(.post, path: "/bs"), endpoint, peer, timeout) else {
                    return "\(name): no answer within \(milliseconds(stepTimeout)) ms"
                }
                guard response.code.isSuccess else { return "\(name): \(failureText(response))" }
            case .write(let path, let nodes):
                var lastAnswer = ""
                var written = false
                for (formatIndex, format) in formats.enumerated() {
                    guard let payload = try? LwM2MCodec.encode(nodes, format: format, path: path) else { continue }
                    var options = CoAPOptions()
                    options.uriPath = path.uriPathSegments
                    options.contentFormat = format.rawValue
                    guard let response = await send(CoAPRequest(.put, options: options, payload: payload), endpoint, peer, timeout) else {
                        return "\(name): no answer within \(milliseconds(stepTimeout)) ms"
                    }
                    if response.code.isSuccess {
                        written = true
                        // Keep the format that worked for the remaining writes.
                        formats = [format] + formats.filter { $0 != format }
                        break
                    }
                    lastAnswer = failureText(response)
                    guard response.code == .unsupportedContentFormat, formatIndex < formats.count - 1 else { break }
                }
                guard written else { return "\(name): \(lastAnswer)" }
            }
        }
        return nil
    }

    private static func send(_ request: CoAPRequest, _ endpoint: CoAPEndpoint, _ peer: SocketAddress, _ timeout: TimeAmount) async -> CoAPResponse? {
        try? await endpoint.send(request, to: peer, timeout: timeout)
    }
}
