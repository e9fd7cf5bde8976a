import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// The LwM2M server's registration interface (SPEC §4): Register, Update, De-register, security
/// enforcement, expiry, persistence across restarts.
extension LwM2MEngine {
    func bindEndpoints() async throws -> Endpoints {
        let host = configuration.bindAddress
        let coap = configuration.coap
        var serverRoutes = CoAPRoutes()
        serverRoutes.on("/rd", async: { [weak self] ctx in
            guard let self else { return CoAPResponse(.serviceUnavailable) }
            return await self.handleRegistrationInterface(ctx, secure: false)
        })
        serverRoutes.on("/" + Self.firmwarePathPrefix, async: { [weak self] ctx in
            await self?.serveFirmware(ctx, secure: false) ?? CoAPResponse(.serviceUnavailable)
        })
        var secureRoutes = CoAPRoutes()
        secureRoutes.on("/rd", async: { [weak self] ctx in
            guard let self else { return CoAPResponse(.serviceUnavailable) }
            return await self.handleRegistrationInterface(ctx, secure: true)
        })
        secureRoutes.on("/" + Self.firmwarePathPrefix, async: { [weak self] ctx in
            await self?.serveFirmware(ctx, secure: true) ?? CoAPResponse(.serviceUnavailable)
        })
        var bootstrapRoutes = CoAPRoutes()
        bootstrapRoutes.on("/bs", async: { [weak self] ctx in
            guard let self else { return CoAPResponse(.serviceUnavailable) }
            return await self.handleBootstrapRequest(ctx, secure: false)
        })
        bootstrapRoutes.on("/bspack", immediate: { _ in CoAPResponse(.notFound) })
        var secureBootstrapRoutes = CoAPRoutes()
        secureBootstrapRoutes.on("/bs", async: { [weak self] ctx in
            guard let self else { return CoAPResponse(.serviceUnavailable) }
            return await self.handleBootstrapRequest(ctx, secure: true)
        })
        secureBootstrapRoutes.on("/bspack", immediate: { _ in CoAPResponse(.notFound) })

        let lwm2mKeys = self.lwm2mKeys
        let bootstrapKeys = self.bootstrapKeys
        let server = try await CoAPEndpoint.bind(host: host, port: configuration.serverPort, configuration: coap, routes: serverRoutes)
        let serverDTLS = try await CoAPEndpoint.bind(
            host: host, port: configuration.serverDTLSPort, configuration: coap, routes: secureRoutes,
            security: try DTLSServer(keyLookup: { lwm2mKeys.key($0) }))
        let bootstrap = try await CoAPEndpoint.bind(host: host, port: configuration.bootstrapPort, configuration: coap, routes: bootstrapRoutes)
        let bootstrapDTLS = try await CoAPEndpoint.bind(
            host: host, port: configuration.bootstrapDTLSPort, configuration: coap, routes: secureBootstrapRoutes,
            security: try DTLSServer(keyLookup: { bootstrapKeys.key($0) }))
        return Endpoints(bootstrap: bootstrap, bootstrapDTLS: bootstrapDTLS, server: server, serverDTLS: serverDTLS)
    }

    /// `/rd` requests. Store lookups run here, outside the actor's state changes.
    nonisolated func handleRegistrationInterface(_ ctx: CoAPRequestContext, secure: Bool) async -> CoAPResponse {
        let path = ctx.path
        switch (ctx.method, path.count) {
        case (.post, 1): return await register(ctx, secure: secure)
        case (.post, 2):
            let parameters: RegistrationParameters
            do { parameters = try RegistrationParameters(query: ctx.query) } catch {
                return CoAPResponse(.badRequest, text: error.message)
            }
            let peer = DevicePeer(address: ctx.peer, secure: secure)
            return await update(id: path[1], parameters: parameters, peer: peer, identity: ctx.identity, payload: ctx.payload)
        case (.delete, 2):
            return await deregister(id: path[1], peer: DevicePeer(address: ctx.peer, secure: secure), identity: ctx.identity)
        default:
            return CoAPResponse(.methodNotAllowed)
        }
    }

    private nonisolated func register(_ ctx: CoAPRequestContext, secure: Bool) async -> CoAPResponse {
        let parameters: RegistrationParameters
        do { parameters = try RegistrationParameters(query: ctx.query) } catch {
            return CoAPResponse(.badRequest, text: error.message)
        }
        guard let endpoint = parameters.endpoint else { return CoAPResponse(.badRequest, text: "ep= is missing") }
        let version = parameters.version ?? "1.0"
        guard configuration.supportedVersions.contains(version) else {
            return CoAPResponse(.preconditionFailed, text: "LwM2M version \(version) is not supported")
        }
        let linksText = String(decoding: ctx.payload, as: UTF8.self)
        let links: [CoRELink]
        do { links = try CoRELinkFormat.parse(linksText) } catch {
            return CoAPResponse(.badRequest, text: "the object links do not parse: \(error)")
        }
        let peer = DevicePeer(address: ctx.peer, secure: secure)
        let device: Device
        var knownBootstrap: BootstrapParameters?
        do {
            if secure {
                guard let identity = ctx.identity, let found = try store.device(lwm2mPSKIdentity: identity) else {
                    return await refuse(nil, endpoint: endpoint, peer: peer, reason: "unknown PSK identity '\(ctx.identity ?? "")'")
                }
                guard found.device.endpoint == endpoint else {
                    return await refuse(
                        DeviceRef(tenant: found.device.tenant, id: found.device.id), endpoint: endpoint, peer: peer,
                        reason: "PSK identity '\(found.psk.identity)' belongs to endpoint '\(found.device.endpoint)', not '\(endpoint)'",
                        alarm: true)
                }
                device = found.device
            } else {
                let cached = directory.entry(endpoint)
                if let cached { knownBootstrap = cached.bootstrap }
                guard let found = try cached?.device ?? store.device(endpoint: endpoint) else {
                    return await refuse(nil, endpoint: endpoint, peer: peer, reason: "unknown or duplicate endpoint")
                }
                guard found.securityMode == .noSec else {
                    return await refuse(
                        DeviceRef(tenant: found.tenant, id: found.id), endpoint: endpoint, peer: peer,
                        reason: "a \(found.securityMode.rawValue) device must register over DTLS", alarm: true)
                }
                device = found
            }
        } catch {
            return CoAPResponse(.internalServerError, text: "the device store failed")
        }
        let bootstrap = knownBootstrap ?? ((try? store.bootstrapParameters(tenant: device.tenant, id: device.id)) ?? nil)
        let id = await acceptRegistration(
            device: device, bootstrap: bootstrap, parameters: parameters, peer: peer, identity: ctx.identity,
            linksText: linksText, links: links, request: ctx.message)
        var options = CoAPOptions()
        options.locationPath = ["rd", id]
        return CoAPResponse(.created, options: options)
    }

    private func refuse(_ ref: DeviceRef?, endpoint: String, peer: DevicePeer, reason: String, alarm: Bool = false) -> CoAPResponse {
        refusedRegistrations += 1
        lifecycle(ref, endpoint: endpoint, type: "RegistrationRefused", text: "registration of \(endpoint) from \(peer) refused: \(reason)")
        if alarm, let ref {
            raiseAlarm(ref, type: AlarmType.registrationRefused, severity: .major,
                       text: "Registration of \(endpoint) refused: \(reason)")
        }
        return CoAPResponse(.forbidden)
    }

    private func acceptRegistration(
        device: Device, bootstrap: BootstrapParameters?, parameters: RegistrationParameters, peer: DevicePeer,
        identity: String?, linksText: String, links: [CoRELink], request: CoAPMessage
    ) -> String {
        let ref = DeviceRef(tenant: device.tenant, id: device.id)
        let now = ContinuousClock.now
        let (reg, replaced) = registrations.register(
            endpoint: device.endpoint, parameters: parameters, address: peer, pskIdentity: identity,
            objectLinks: linksText, now: now)
        if let replaced { deviceByRegistration[replaced.id] = nil }
        noteExpiry(reg.expiresAt)
        deviceByRegistration[reg.id] = ref
        var session = sessions[ref] ?? newSession(ref, endpoint: device.endpoint)
        session.endpoint = device.endpoint
        session.registrationID = reg.id
        session.peer = peer
        session.version = reg.version
        session.announced = links.announcedContentFormats
        if let bootstrap { apply(bootstrap, to: &session) }
        session.deviceAwakeTimeMs = bootstrap?.awakeTimeMs
        sessions[ref] = session
        tapAfterRegister(ref, request: request)
        let awake = awakeWindow(deviceAwakeTimeMs: bootstrap?.awakeTimeMs, announced: reg.announcedAwakeTime)
        contacted(ref, awake: awake, now: now)
        batch.registrationsChanged = true
        lifecycle(ref, endpoint: device.endpoint, type: "Registration",
                  text: "\(device.endpoint) registered from \(peer): binding \(reg.binding), lifetime \(reg.lifetime) s, LwM2M \(reg.version), links \(linksText)",
                  state: .registered)
        reestablishObservations(ref)
        dispatch(ref)
        return reg.id
    }

    func newSession(_ ref: DeviceRef, endpoint: String) -> DeviceSession {
        DeviceSession(ref: ref, endpoint: endpoint, queue: DeviceOperationQueue(limit: configuration.queueLimit, maxAttempts: configuration.retryLimit))
    }

    func apply(_ bootstrap: BootstrapParameters, to session: inout DeviceSession) {
        session.serialization = bootstrap.serializationFormat.flatMap(SerializationSetting.init(rawValue:))?.contentFormat
        session.requestTimeout = bootstrap.lwm2mRequestTimeoutMs.map { .milliseconds($0) }
        session.binaryEncoding = BinaryDeliveryEncoding(setting: bootstrap.binaryDeliveryEncoding)
    }

    /// The awake window after a contact: the device's parameter, else the client's `at`, else
    /// the global setting; nil = always online.
    func awakeWindow(deviceAwakeTimeMs: Int?, announced: Int?) -> Duration? {
        let ms: Int
        if let own = deviceAwakeTimeMs { ms = own }
        else if let announced { ms = announced }
        else { return configuration.awakeTime == .zero ? nil : configuration.awakeTime }
        return ms == 0 ? nil : .milliseconds(ms)
    }

    /// A Register or Update arrived: the device is reachable again.
    private func contacted(_ ref: DeviceRef, awake: Duration?, now: ContinuousClock.Instant) {
        sessions[ref]?.queue.deviceContacted()
        sessions[ref]?.awakeUntil = awake.map { now + $0 }
        sessions[ref]?.asleep = false
        if awake != nil { watchedSessions.insert(ref) }
        noteConnection(ref, .registered, lastSeen: Date())
        if unavailableAlarmed.remove(ref) != nil { clearAlarm(ref, type: AlarmType.unavailable) }
    }

    private func update(id: String, parameters: RegistrationParameters, peer: DevicePeer, identity: String?, payload: [UInt8]) -> CoAPResponse {
        guard let existing = registrations.registration(id: id), let ref = deviceByRegistration[id] else {
            return CoAPResponse(.notFound)
        }
        guard existing.address.secure == peer.secure, existing.pskIdentity == identity else {
            return CoAPResponse(.forbidden)
        }
        let linksText = payload.isEmpty ? nil : String(decoding: payload, as: UTF8.self)
        if let linksText, let links = try? CoRELinkFormat.parse(linksText) {
            sessions[ref]?.announced = links.announcedContentFormats
        }
        guard let reg = registrations.update(id: id, parameters: parameters, address: peer, objectLinks: linksText, now: .now) else {
            return CoAPResponse(.notFound)
        }
        noteExpiry(reg.expiresAt)
        // The parameters read at Register are used: an Update costs no store read.
        let deviceAwakeTimeMs = sessions[ref]?.deviceAwakeTimeMs
        sessions[ref]?.peer = peer
        refreshTap(ref)
        contacted(ref, awake: awakeWindow(deviceAwakeTimeMs: deviceAwakeTimeMs, announced: reg.announcedAwakeTime), now: .now)
        batch.registrationsChanged = true
        lifecycle(ref, endpoint: reg.endpoint, type: "RegistrationUpdate",
                  text: "\(reg.endpoint) updated from \(peer): binding \(reg.binding), lifetime \(reg.lifetime) s, LwM2M \(reg.version)",
                  state: .registered)
        reestablishLostObservations(ref)
        dispatch(ref)
        return CoAPResponse(.changed)
    }

    private func deregister(id: String, peer: DevicePeer, identity: String?) -> CoAPResponse {
        guard let existing = registrations.registration(id: id), let ref = deviceByRegistration[id] else {
            return CoAPResponse(.notFound)
        }
        guard existing.address.secure == peer.secure, existing.pskIdentity == identity else { return CoAPResponse(.forbidden) }
        _ = registrations.deregister(id: id)
        deviceByRegistration[id] = nil
        sessions[ref]?.registrationID = nil
        sessions[ref]?.peer = nil
        refreshTap(ref)
        noteConnection(ref, .offline, lastSeen: Date())
        batch.registrationsChanged = true
        lifecycle(ref, endpoint: existing.endpoint, type: "DeRegistration",
                  text: "\(existing.endpoint) de-registered from \(peer)", state: .offline)
        return CoAPResponse(.deleted)
    }

    func registrationExpired(_ reg: Registration<DevicePeer>) {
        guard let ref = deviceByRegistration.removeValue(forKey: reg.id) else { return }
        sessions[ref]?.registrationID = nil
        sessions[ref]?.peer = nil
        refreshTap(ref)
        noteConnection(ref, .offline, lastSeen: nil)
        batch.registrationsChanged = true
        lifecycle(ref, endpoint: reg.endpoint, type: "Unavailable",
                  text: "\(reg.endpoint): no Update within lifetime \(reg.lifetime) s + grace; offline", state: .offline)
        unavailableAlarmed.insert(ref)
        raiseAlarm(ref, type: AlarmType.unavailable, severity: .major,
                   text: "No data received from device within required interval")
    }

    // MARK: Persistence

    func persistedRegistrations() -> [PersistedRegistration] {
        let wallNow = Date()
        let now = ContinuousClock.now
        return registrations.all.compactMap { reg in
            guard let ref = deviceByRegistration[reg.id] else { return nil }
            let age = now - reg.lastContact
            let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
            return PersistedRegistration(
                id: reg.id, endpoint: reg.endpoint, tenant: ref.tenant, deviceID: ref.id,
                host: reg.address.address.ipAddress ?? "127.0.0.1", port: reg.address.address.port ?? 0,
                secure: reg.address.secure, pskIdentity: reg.pskIdentity, lifetime: reg.lifetime, version: reg.version,
                binding: reg.binding, queueMode: reg.queueMode, announcedAwakeTime: reg.announcedAwakeTime,
                objectLinks: reg.objectLinks, lastContact: wallNow.addingTimeInterval(-seconds))
        }.sorted { $0.endpoint < $1.endpoint }
    }

    /// Loads the registrations a previous run left, dropping those that expired meanwhile.
    func restoreRegistrations() {
        guard let data = FileManager.default.contents(atPath: registrationsFilePath),
              let saved = try? JSONDecoder().decode([PersistedRegistration].self, from: data) else { return }
        let wallNow = Date()
        let now = ContinuousClock.now
        let graceSeconds = Double(configuration.grace.components.seconds)
        for item in saved {
            let age = max(0, wallNow.timeIntervalSince(item.lastContact))
            guard age < Double(item.lifetime) + graceSeconds,
                  let address = try? SocketAddress(ipAddress: item.host, port: item.port) else { continue }
            let lastContact = now - .milliseconds(Int64(age * 1000))
            let peer = DevicePeer(address: address, secure: item.secure)
            let reg = Registration(
                id: item.id, endpoint: item.endpoint, address: peer, pskIdentity: item.pskIdentity,
                lifetime: item.lifetime, version: item.version, binding: item.binding, queueMode: item.queueMode,
                announcedAwakeTime: item.announcedAwakeTime, objectLinks: item.objectLinks,
                registeredAt: lastContact, lastContact: lastContact,
                expiresAt: lastContact + .seconds(item.lifetime) + configuration.grace)
            registrations.restore(reg)
            noteExpiry(reg.expiresAt)
            let ref = DeviceRef(tenant: item.tenant, id: item.deviceID)
            deviceByRegistration[item.id] = ref
            var session = newSession(ref, endpoint: item.endpoint)
            session.registrationID = item.id
            session.peer = peer
            session.version = item.version
            session.announced = ((try? CoRELinkFormat.parse(item.objectLinks)) ?? []).announcedContentFormats
            let bootstrap = (try? store.bootstrapParameters(tenant: ref.tenant, id: ref.id)) ?? nil
            if let bootstrap { apply(bootstrap, to: &session) }
            session.deviceAwakeTimeMs = bootstrap?.awakeTimeMs
            // A queue-mode device is asleep until it next updates; an always-online one is reachable.
            if awakeWindow(deviceAwakeTimeMs: bootstrap?.awakeTimeMs, announced: item.announcedAwakeTime) != nil {
                session.awakeUntil = now
                session.asleep = true
            }
            sessions[ref] = session
        }
    }
}
