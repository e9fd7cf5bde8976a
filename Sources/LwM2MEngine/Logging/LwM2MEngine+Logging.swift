import CoAP
public import DeviceStore
import Foundation
import LwM2M
import NIOCore

/// Per-device log levels (SPEC §9): NONE silences a device's lifecycle events, VERBOSE adds an
/// event (type `CoAP`) for every CoAP message to and from it, taken from the endpoints' message
/// tap (decrypted on the DTLS port).
extension LwM2MEngine {
    /// A device's log level now.
    public func logLevel(_ device: DeviceRef) -> DeviceLogLevel { logging.level(device) }

    /// Sets a device's log level: stored, and in effect at once.
    public func setLogLevel(_ device: DeviceRef, _ level: DeviceLogLevel) throws(EngineError) {
        let found: Bool
        do { found = try store.setLogLevel(tenant: device.tenant, id: device.id, level: level) } catch {
            throw EngineError("cannot store the log level of \(device): \(error)")
        }
        guard found else { throw EngineError("there is no device '\(device.id)' in tenant '\(device.tenant)'") }
        logging.generation += 1
        applyLogLevel(device, level)
    }

    private func applyLogLevel(_ device: DeviceRef, _ level: DeviceLogLevel) {
        logging.levels[device] = level == .default ? nil : level
        refreshTap(device)
    }

    /// Reads the levels at start.
    func loadLogLevels() throws {
        for entry in try store.nonDefaultLogLevels() {
            logging.levels[DeviceRef(tenant: entry.tenant, id: entry.deviceID)] = entry.level
        }
    }

    /// Re-reads the levels from the store (off the actor) when the last read is older than
    /// `DeviceLogRouting.reloadInterval`; called by housekeeping.
    func reloadLogLevelsIfDue(now: ContinuousClock.Instant) {
        guard running, logging.reload == nil else { return }
        if let last = logging.lastReload, now - last < DeviceLogRouting.reloadInterval { return }
        logging.lastReload = now
        let generation = logging.generation
        let store = self.store
        logging.reload = Task.detached { [weak self] in
            let entries = try? store.nonDefaultLogLevels()
            await self?.reloadedLogLevels(entries, generation: generation)
        }
    }

    /// Waits for a reload in flight (at stop).
    func finishLogLevelReload() async {
        await logging.reload?.value
    }

    private func reloadedLogLevels(_ entries: [DeviceLogLevelEntry]?, generation: Int) {
        logging.reload = nil
        // A failed read keeps what we have; a change made meanwhile is newer than this read.
        guard let entries, generation == logging.generation else { return }
        var fresh: [DeviceRef: DeviceLogLevel] = [:]
        for entry in entries { fresh[DeviceRef(tenant: entry.tenant, id: entry.deviceID)] = entry.level }
        guard fresh != logging.levels else { return }
        let changed = Set(fresh.keys).union(logging.levels.keys).filter { fresh[$0] != logging.levels[$0] }
        logging.levels = fresh
        for ref in changed { refreshTap(ref) }
    }

    /// Points the two server endpoints' message taps at the engine and taps the peers of the
    /// VERBOSE devices already known (restored registrations). Called once the ports are bound.
    func installMessageTaps() {
        guard let endpoints else { return }
        let (stream, continuation) = AsyncStream.makeStream(
            of: (CoAPTappedMessage, Bool).self, bufferingPolicy: .bufferingNewest(16_384))
        endpoints.server.setMessageTap { continuation.yield(($0, false)) }
        endpoints.serverDTLS.setMessageTap { continuation.yield(($0, true)) }
        endpoints.bootstrap.setMessageTap { continuation.yield(($0, false)) }
        endpoints.bootstrapDTLS.setMessageTap { continuation.yield(($0, true)) }
        backgroundTasks.append(Task { [weak self] in
            // One reader keeps the messages in the order the event loops saw them.
            for await (message, secure) in stream {
                guard let self else { return }
                await self.tapped(message, secure: secure)
            }
        })
        for ref in logging.levels.keys { refreshTap(ref) }
    }

    /// Makes the endpoint tap exactly the current peer of a VERBOSE device (and nothing for
    /// others). Called whenever a device's peer or level may have changed.
    func refreshTap(_ ref: DeviceRef) {
        guard !logging.levels.isEmpty || !logging.tapped.isEmpty, let endpoints else { return }
        let wanted = logging.level(ref) == .verbose ? sessions[ref]?.peer : nil
        let current = logging.tapped[ref]
        guard wanted != current else { return }
        if let current {
            logging.tapped[ref] = nil
            if logging.devicesByPeer[current] == ref {
                logging.devicesByPeer[current] = nil
                (current.secure ? endpoints.serverDTLS : endpoints.server).setTapped(current.address, false)
            }
        }
        if let wanted {
            logging.tapped[ref] = wanted
            logging.devicesByPeer[wanted] = ref
            (wanted.secure ? endpoints.serverDTLS : endpoints.server).setTapped(wanted.address, true)
        }
    }

    /// A bootstrap of a VERBOSE device starts (`true`) or ends: taps its peer on the bootstrap
    /// port meanwhile, so the Delete/Write/Finish sequence and the answers are logged too.
    func tapBootstrap(_ ref: DeviceRef, peer: DevicePeer, running: Bool) {
        guard let endpoints, running ? logging.level(ref) == .verbose : logging.bootstrapTapped[ref] != nil else { return }
        let endpoint = peer.secure ? endpoints.bootstrapDTLS : endpoints.bootstrap
        if running {
            logging.bootstrapTapped[ref] = peer
            logging.devicesByPeer[peer] = ref
        } else {
            logging.bootstrapTapped[ref] = nil
            // The server tap may hold the same address (one socket for both): keep its entry.
            if logging.tapped[ref] != peer { logging.devicesByPeer[peer] = nil }
        }
        endpoint.setTapped(peer.address, running)
    }

    /// A Register: taps the device's (possibly new) peer, and logs the Register request itself
    /// when that peer was not tapped yet (the request arrived before we knew whose it was).
    func tapAfterRegister(_ ref: DeviceRef, request: CoAPMessage) {
        let before = logging.tapped[ref]
        refreshTap(ref)
        guard let peer = logging.tapped[ref], peer != before else { return }
        let bytes = Array(CoAPMessageCodec.encode(request).readableBytesView)
        lifecycle(ref, endpoint: sessions[ref]?.endpoint ?? ref.id, type: "CoAP",
                  text: CoAPMessageSummary.text(bytes, direction: .received, secure: peer.secure))
    }

    private func tapped(_ message: CoAPTappedMessage, secure: Bool) {
        guard let ref = logging.devicesByPeer[DevicePeer(address: message.peer, secure: secure)],
              logging.level(ref) == .verbose else { return }
        lifecycle(ref, endpoint: sessions[ref]?.endpoint ?? ref.id, type: "CoAP",
                  text: CoAPMessageSummary.text(message.bytes, direction: message.direction, secure: secure))
    }

    /// `loglevel LEVEL` submitted as a shell text (the console's `:loglevel`, `shell ID 'loglevel
    /// VERBOSE'`, or the CLI through a daemon): applied at once and recorded as a finished
    /// operation, like `serialization`. Nil when the text is not a `loglevel` command.
    func submitLogLevel(_ device: DeviceRef, text: String) throws(EngineError) -> [OperationSnapshot]? {
        // Numbered as the shell parser numbers them; blank and comment lines do not count as commands.
        let numbered = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, line: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.line.isEmpty && !$0.line.hasPrefix("#") }
        guard let found = numbered.first(where: { $0.line.split(separator: " ").first?.lowercased() == "loglevel" }) else {
            return nil
        }
        guard numbered.count == 1 else {
            throw EngineError("line \(found.number): loglevel changes the engine's logging, not the device: submit it on its own")
        }
        let lines = [found.line]
        let words = lines[0].split(separator: " ")
        guard words.count == 2 else { throw EngineError("loglevel needs one level: NONE, LIFECYCLE or VERBOSE") }
        let level: DeviceLogLevel
        do { level = try DeviceLogLevel(parsing: String(words[1])) } catch { throw EngineError(error.message) }
        try setLogLevel(device, level)
        let id = OperationID(nextOperationID)
        nextOperationID += 1
        let now = Date()
        var snapshot = OperationSnapshot(
            id: id, device: device, line: lines[0], status: .successful, timeoutMs: 0, createdAt: now)
        snapshot.resultLines = ["log level of \(device.id) set to \(level.rawValue)"]
        snapshot.finishedAt = now
        record(snapshot)
        return [snapshot]
    }
}
