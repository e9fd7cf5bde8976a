import CoAP
import Foundation
public import LwM2M
import NIOCore

/// One simulated LwM2M 1.1 client on its own UDP socket: bootstraps or registers directly,
/// sends Updates on a schedule, answers every operation, notifies observers, can sleep (queue
/// mode) and can be told to drop requests.
public actor SimulatedDevice {
    /// The configuration it was created with.
    public nonisolated let configuration: SimulatedDeviceConfiguration
    /// Lifecycle steps and answered requests (the newest 1000 are kept when nobody reads them).
    public nonisolated let events: AsyncStream<DeviceEvent>
    /// Radio switches: sleep and drop requests.
    public nonisolated let control = LinkControl()

    private nonisolated let clock: any SimulatorClock
    private nonisolated let state: DeviceState
    private nonisolated let eventContinuation: AsyncStream<DeviceEvent>.Continuation
    private nonisolated let onEvent: (@Sendable (DeviceEvent) -> Void)?
    private let signals: AsyncStream<DeviceSignal>
    private var endpoint: CoAPEndpoint?
    private var server: SocketAddress?
    private var location: [String]?
    private var lifetime: Int
    private var binding: String
    private var bootstrapDone = false
    private var sendLinksOnUpdate = false
    private var tasks: [Task<Void, Never>] = []

    /// Creates a device (nothing is sent until `start`).
    ///
    /// - Parameter onEvent: called for every event, on any thread (for fleets and logs).
    public init(
        _ configuration: SimulatedDeviceConfiguration, clock: any SimulatorClock = SystemSimulatorClock(),
        model: ObjectModel = .builtIn, onEvent: (@Sendable (DeviceEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.clock = clock
        self.onEvent = onEvent
        lifetime = configuration.lifetime
        binding = configuration.queueMode ? "UQ" : "U"
        let (events, eventContinuation) = AsyncStream.makeStream(of: DeviceEvent.self, bufferingPolicy: .bufferingNewest(1000))
        self.events = events
        self.eventContinuation = eventContinuation
        let (signals, signalContinuation) = AsyncStream.makeStream(of: DeviceSignal.self)
        self.signals = signals
        control.dropsRequests = configuration.dropRequests
        let tree = DeviceObjects.initial(
            profile: configuration.profile, endpoint: configuration.endpoint, lifetime: configuration.lifetime,
            binding: configuration.queueMode ? "UQ" : "U", now: clock.now())
        var securityTree = tree
        Self.addSecurityAccount(to: &securityTree, configuration)
        securityTree.set(5, 0, 9, .integer(configuration.firmwareDelivery.rawValue))
        state = DeviceState(
            endpointName: configuration.endpoint, tree: securityTree, model: model, clock: clock, control: control,
            signal: { signalContinuation.yield($0) },
            report: { [eventContinuation, onEvent] event in
                eventContinuation.yield(event)
                onEvent?(event)
            })
        let (seconds, attoseconds) = configuration.firmwareUpdateDuration.components
        state.configureFirmware(failure: configuration.firmwareFailure, updateDuration: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Security instance /0/0: the bootstrap server account, or the server given directly.
    private static func addSecurityAccount(to tree: inout ObjectTree, _ configuration: SimulatedDeviceConfiguration) {
        guard let uri = configuration.bootstrapURI ?? configuration.serverURI else { return }
        let secure = uri.lowercased().hasPrefix("coaps")
        tree.set(0, 0, 0, .string(uri))
        tree.set(0, 0, 1, .boolean(configuration.bootstrapURI != nil))
        tree.set(0, 0, 2, .integer(secure ? 0 : 3))
        tree.set(0, 0, 3, .opaque(Array((configuration.pskIdentity ?? "").utf8)))
        tree.set(0, 0, 4, .opaque([]))
        tree.set(0, 0, 5, .opaque(configuration.pskKey ?? []))
        if configuration.bootstrapURI == nil { tree.set(0, 0, 10, .integer(1)) }
    }

    private nonisolated func report(_ kind: DeviceEvent.Kind, _ detail: String = "") {
        let event = DeviceEvent(endpoint: configuration.endpoint, kind: kind, detail: detail)
        eventContinuation.yield(event)
        onEvent?(event)
    }

    /// The device's objects now.
    public nonisolated var objects: ObjectTree { state.tree }

    /// Changes the device's objects directly (e.g. to set a value before a test reads it).
    public nonisolated func modifyObjects(_ body: (inout ObjectTree) -> Void) { state.modify(body) }

    /// The local UDP port of the current connection, if connected.
    public var port: Int? { endpoint?.localAddress.port }

    /// The registration location (Location-Path of the 2.01), while registered.
    public var registrationLocation: [String]? { location }

    /// The firmware image delivered to /5/0/0 or downloaded, until an Update installs it.
    public nonisolated var firmwareImage: [UInt8]? { state.firmwareImage }

    /// Active observations.
    public nonisolated var observationCount: Int { state.observationCount }

    // MARK: Lifecycle

    /// Bootstraps (when configured), registers, then keeps Updates and notifications going in
    /// the background until `stop`. Throws when bootstrap or registration fails.
    public func start() async throws(SimulatorError) {
        if tasks.isEmpty {
            let signals = self.signals
            tasks.append(Task { [weak self] in
                for await signal in signals { await self?.handle(signal) }
            })
        }
        try await connect()
        tasks.append(Task { [weak self] in await self?.updateLoop() })
    }

    private var notifier: Task<Void, Never>?

    /// Runs the notification check while the device has observers (no task otherwise, so big
    /// idle fleets cost no wake-ups).
    private func startNotifier() {
        guard notifier == nil else { return }
        notifier = Task { [weak self, state, clock, configuration] in
            while !Task.isCancelled {
                do { try await clock.sleep(for: configuration.notificationInterval) } catch { break }
                guard self != nil else { return }
                state.notifyDue()
                if state.observationCount == 0 { break }
            }
            await self?.notifierEnded()
        }
    }

    private func notifierEnded() {
        notifier = nil
        if state.observationCount > 0 { startNotifier() }
    }

    /// De-registers (when registered) and closes the socket.
    public func stop() async {
        for task in tasks { task.cancel() }
        tasks.removeAll()
        notifier?.cancel()
        control.isAsleep = false
        if location != nil { try? await deregister() }
        if let endpoint { await UniquePortBinder.close(endpoint) }
        endpoint = nil
        eventContinuation.finish()
    }

    private func connect() async throws(SimulatorError) {
        if let bootstrapURI = configuration.bootstrapURI, !bootstrapDone {
            try await bootstrap(from: try ServerAddress(uri: bootstrapURI))
        }
        try await register()
    }

    private func fail(_ message: String) -> SimulatorError {
        report(.failed, message)
        return SimulatorError(endpoint: configuration.endpoint, message)
    }

    private func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private func resolve(_ address: ServerAddress) throws(SimulatorError) -> SocketAddress {
        do {
            return try SocketAddress.makeAddressResolvingHost(address.host, port: address.port)
        } catch {
            throw fail("cannot resolve \(address.host): \(error)")
        }
    }

    /// Opens a socket (plain, or DTLS with the PSK) serving the device's objects.
    private func open(psk: (identity: String, key: [UInt8])?) async throws(SimulatorError) -> CoAPEndpoint {
        let state = self.state
        var routes = CoAPRoutes()
        routes.on("/", immediate: { state.handle($0) })
        let control = self.control
        do {
            return try await UniquePortBinder.bind(host: configuration.bindHost, routes: routes) {
                let inner: DTLSClient? = try psk.map { try DTLSClient(identity: $0.identity, key: $0.key) }
                return DeviceLink(inner: inner, control: control) { peer, token in state.cancelObservation(peer: peer, token: token) }
            }
        } catch {
            throw fail("cannot open a UDP socket on \(configuration.bindHost): \(error)")
        }
    }

    private func send(_ request: CoAPRequest, to peer: SocketAddress, on endpoint: CoAPEndpoint, what: String) async throws(SimulatorError) -> CoAPResponse {
        do {
            return try await endpoint.send(request, to: peer, timeout: timeAmount(configuration.requestTimeout))
        } catch {
            throw fail("\(what) to \(peer) failed: \(error)")
        }
    }

    private func replaceEndpoint(with new: CoAPEndpoint?) async {
        if let old = endpoint, old !== new { await UniquePortBinder.close(old) }
        endpoint = new
    }

    // MARK: Bootstrap

    private func bootstrap(from address: ServerAddress) async throws(SimulatorError) {
        let peer = try resolve(address)
        var psk: (String, [UInt8])?
        if address.isSecure {
            guard let identity = configuration.pskIdentity, let key = configuration.pskKey else {
                throw fail("\(address) needs a PSK identity and key")
            }
            psk = (identity, key)
        }
        let endpoint = try await open(psk: psk)
        await replaceEndpoint(with: endpoint)
        state.setBootstrapping(true)
        bootstrapDone = false
        var query = ["ep=\(configuration.endpoint)"]
        if let pct = configuration.preferredContentFormat { query.append("pct=\(pct)") }
        report(.bootstrapRequested, "\(address)")
        let response = try await send(CoAPRequest(.post, path: "/bs", query: query), to: peer, on: endpoint, what: "Bootstrap-Request")
        guard response.code == .changed else {
            state.setBootstrapping(false)
            throw fail("the bootstrap server answered \(response.code)")
        }
        let deadline = clock.now().addingTimeInterval(seconds(configuration.bootstrapTimeout))
        while !bootstrapDone {
            guard clock.now() < deadline else {
                state.setBootstrapping(false)
                throw fail("no Bootstrap-Finish within \(configuration.bootstrapTimeout)")
            }
            do { try await clock.sleep(for: .milliseconds(20)) } catch { throw fail("cancelled during bootstrap") }
        }
        state.setBootstrapping(false)
        report(.bootstrapFinished, "")
        // Let the 2.04 answering Bootstrap-Finish leave before the socket may close.
        try? await clock.sleep(for: .milliseconds(100))
    }

    private nonisolated func seconds(_ duration: Duration) -> Double {
        let (s, a) = duration.components
        return Double(s) + Double(a) / 1e18
    }

    /// The LwM2M server account the bootstrap server wrote (or the configured one).
    private func serverAccount() throws(SimulatorError) -> (address: ServerAddress, psk: (String, [UInt8])?) {
        let tree = state.tree
        if configuration.bootstrapURI != nil {
            for (i, resources) in (tree.objects[0] ?? [:]).sorted(by: { $0.key < $1.key }) {
                if case .single(.boolean(true))? = resources[1] { continue }
                guard case .single(.string(let uri))? = resources[0] else { continue }
                let address = try ServerAddress(uri: uri)
                var mode: Int64 = 3
                if case .single(.integer(let m))? = resources[2] { mode = m }
                if let ssid = tree.value(LwM2MPath(object: 0, instance: i, resource: 10)),
                   let server = tree.objects[1]?.first(where: { $0.value[0] == .single(ssid) })?.value {
                    if case .single(.integer(let lt))? = server[1], lt > 0 { lifetime = Int(lt) }
                    if case .single(.string(let b))? = server[7], !b.isEmpty { binding = b }
                }
                guard mode == 0 else { return (address, nil) }
                guard case .single(.opaque(let identity))? = resources[3], case .single(.opaque(let key))? = resources[5],
                      let name = String(validating: identity, as: UTF8.self) else {
                    throw fail("the Security instance /0/\(i) is PSK but has no identity or key")
                }
                return (address, (name, key))
            }
            throw fail("the bootstrap server wrote no LwM2M server account in /0")
        }
        guard let uri = configuration.serverURI else { throw fail("no server URI and no bootstrap server given") }
        let address = try ServerAddress(uri: uri)
        guard address.isSecure else { return (address, nil) }
        guard let identity = configuration.pskIdentity, let key = configuration.pskKey else {
            throw fail("\(address) needs a PSK identity and key")
        }
        return (address, (identity, key))
    }

    // MARK: Registration

    /// The registration payload: the root with its content formats and every object instance.
    private func links() -> String {
        let tree = state.tree
        var links = [CoRELink(target: "/", attributes: [
            CoRELinkAttribute(name: "rt", value: "oma.lwm2m", quoted: true),
            CoRELinkAttribute(name: "ct", value: "60 110 112 11542 11543", quoted: true),
        ])]
        for o in tree.objects.keys.sorted() where o != 0 {
            let instances = tree.objects[o] ?? [:]
            if instances.isEmpty { links.append(CoRELink(target: "/\(o)")) }
            for i in instances.keys.sorted() { links.append(CoRELink(target: "/\(o)/\(i)")) }
        }
        return CoRELinkFormat.render(links)
    }

    private func register() async throws(SimulatorError) {
        let account = try serverAccount()
        let peer = try resolve(account.address)
        // Plain bootstrap then plain server: keep the socket; otherwise open the right one.
        let reuse = endpoint != nil && account.psk == nil && configuration.bootstrapURI.flatMap { try? ServerAddress(uri: $0) }?.isSecure == false
        let endpoint: CoAPEndpoint
        if reuse, let current = self.endpoint {
            endpoint = current
        } else {
            endpoint = try await open(psk: account.psk)
            await replaceEndpoint(with: endpoint)
        }
        server = peer
        awakeSince = clock.now()
        control.isAsleep = false
        state.dropObservations()
        var request = CoAPRequest(
            .post, path: "/rd", query: ["ep=\(configuration.endpoint)", "lt=\(lifetime)", "lwm2m=1.1", "b=\(binding)"],
            payload: Array(links().utf8))
        request.options.contentFormat = ContentFormat.linkFormat.rawValue
        let response = try await send(request, to: peer, on: endpoint, what: "Register")
        guard response.code == .created, !response.options.locationPath.isEmpty else {
            throw fail("the server answered Register with \(response.code)\(response.payload.isEmpty ? "" : ": " + String(decoding: response.payload, as: UTF8.self))")
        }
        location = response.options.locationPath
        sendLinksOnUpdate = false
        report(.registered, "/" + response.options.locationPath.joined(separator: "/") + " via \(account.address)")
        awake()
    }

    private var awakeSince: Date?
    /// The last Register or Update (the next Update is due an interval after it).
    private var lastContact: Date?

    private func awake() {
        awakeSince = clock.now()
        lastContact = awakeSince
    }

    /// Sends an Update now (links included when objects were created or deleted).
    public func update() async throws(SimulatorError) {
        guard let endpoint, let server, let location else { throw fail("not registered") }
        // Awake from now on: the window restarts before sending, so the radio stays on for the answer.
        awakeSince = clock.now()
        if control.isAsleep {
            control.isAsleep = false
            report(.awake)
        }
        var request = CoAPRequest(.post, path: "/" + location.joined(separator: "/"))
        if sendLinksOnUpdate {
            request.payload = Array(links().utf8)
            request.options.contentFormat = ContentFormat.linkFormat.rawValue
        }
        let response = try await send(request, to: server, on: endpoint, what: "Update")
        awake()
        if response.code == .notFound {
            self.location = nil
            report(.failed, "the server forgot the registration (4.04); registering again")
            try await register()
            return
        }
        guard response.code == .changed else { throw fail("the server answered Update with \(response.code)") }
        sendLinksOnUpdate = false
        report(.updated, "/" + location.joined(separator: "/"))
    }

    private func deregister() async throws(SimulatorError) {
        guard let endpoint, let server, let location else { return }
        self.location = nil
        let response = try await send(CoAPRequest(.delete, path: "/" + location.joined(separator: "/")), to: server, on: endpoint, what: "De-register")
        report(.deregistered, "/" + location.joined(separator: "/") + " -> \(response.code)")
    }

    /// Sends an Update soon (in a task; errors are reported as events).
    public func requestUpdate() {
        Task { try? await self.update() }
    }

    /// Sleeps until the next Update is due (or the awake window ends), at most 5 s at a time.
    private func updateLoop() async {
        while !Task.isCancelled {
            let now = clock.now()
            let interval = configuration.updateInterval.map(seconds) ?? max(1, Double(lifetime) * 0.8)
            var wait = (lastContact ?? now).addingTimeInterval(interval).timeIntervalSince(now)
            if configuration.queueMode, !control.isAsleep, let since = awakeSince {
                let sleepAt = since.addingTimeInterval(seconds(configuration.awakeWindow)).timeIntervalSince(now)
                if sleepAt <= 0 {
                    control.isAsleep = true
                    report(.asleep)
                } else {
                    wait = min(wait, sleepAt)
                }
            }
            if wait <= 0 {
                lastContact = now
                do { try await update() } catch {}
                continue
            }
            let step = min(max(wait, 0.01), 5)
            do { try await clock.sleep(for: .milliseconds(Int64(step * 1000))) } catch { return }
        }
    }

    private func handle(_ signal: DeviceSignal) async {
        switch signal {
        case .bootstrapFinished: bootstrapDone = true
        case .registrationUpdate: try? await update()
        case .observed: startNotifier()
        case .objectsChanged:
            sendLinksOnUpdate = true
            if !configuration.queueMode { try? await update() }
        case .reboot:
            report(.reboot)
            try? await clock.sleep(for: .milliseconds(100))
            try? await deregister()
            do { try await register() } catch {}
        case .firmwareDownload(let uri):
            // In a task of its own: the signal loop keeps serving while the image downloads.
            let endpoint = self.endpoint, server = self.server, state = self.state
            let timeout = timeAmount(configuration.firmwareDownloadTimeout)
            report(.request, "firmware download \(uri)")
            tasks.append(Task { [weak self] in
                let outcome = await FirmwareDownloader.download(uri, endpoint: endpoint, server: server, timeout: timeout)
                state.firmwareDownloadFinished(outcome, uri: uri)
                if case .failure(let error) = outcome { self?.report(.failed, "firmware download \(uri): \(error.message)") }
            })
        case .bootstrapRequest:
            bootstrapDone = false
            try? await deregister()
            do { try await connect() } catch {}
        }
    }
}
