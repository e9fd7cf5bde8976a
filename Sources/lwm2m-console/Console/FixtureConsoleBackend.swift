import ConsoleCore
import Foundation
import Synchronization

/// An in-memory effect runner with a small fake fleet, behind the hidden `--fixture` flag.
///
/// Stands in for the store- and engine-backed runner until those are merged; the end-to-end
/// tests and the console benchmark use it. Shell answers are canned: `read /3/0/0` answers
/// "Acme"; devices that are not online keep requests pending until their timeout.
final class FixtureConsoleBackend: EffectRunner {
    private let fleet: Mutex<FixtureFleet>
    private let alarmAfter: TimeInterval?
    private let alarmScheduled = Mutex(false)

    /// Creates the backend; `alarmAfter` schedules one new alarm that long after the first alarm load.
    init(fleet: FixtureFleet, alarmAfter: TimeInterval?) {
        self.fleet = Mutex(fleet)
        self.alarmAfter = alarmAfter
    }

    /// Answers a device query synchronously (the benchmark times this path).
    func page(for query: DeviceQuery) -> DevicePage {
        fleet.withLock { $0.page(for: query) }
    }

    /// A device's details, synchronously (the benchmark times this path).
    func detail(id: String) -> DeviceDetail? {
        fleet.withLock { fleet in fleet.device(id: id).map { fleet.detail(for: $0, now: Date()) } }
    }

    func run(_ effect: Effect, post: @escaping @Sendable (Action) -> Void) {
        switch effect {
        case .queryDevices(let query):
            let page = self.page(for: query)
            Task.detached { post(.devicesLoaded(page)) }
        case .countDevices(let request):
            // The fixture's pages are exact already; answer a count anyway for completeness.
            let page = self.page(for: DeviceQuery(filter: request.filter, sort: .endpoint, offset: 0, limit: 0))
            Task.detached { post(.devicesCounted(request, matching: page.matching)) }
        case .locateDevice(let id, let query):
            // The fixture fleet does not change under a refresh: the device was not found.
            Task.detached { post(.deviceLocated(id: id, in: query, index: nil)) }
        case .loadDevice(let id):
            let detail = fleet.withLock { fleet in fleet.device(id: id).map { fleet.detail(for: $0, now: Date()) } }
            Task.detached { post(detail.map { .deviceLoaded($0) } ?? .failed("Device \(id) not found")) }
        case .loadAlarms:
            let (alarms, total, online) = fleet.withLock { ($0.alarms, $0.devices.count, $0.devices.filter(\.state.isOnline).count) }
            Task.detached {
                post(.engineStatus(EngineStatus(state: .up, ports: "5783/5784 bs 5683/5684", deviceCount: total, onlineCount: online)))
                post(.alarmsLoaded(alarms))
            }
            scheduleAlarm(post)
        case .saveBootstrap(let id, let fields):
            fleet.withLock { $0.bootstrap[id] = fields }
            Task.detached { post(.bootstrapSaved(deviceID: id, fields: fields, error: nil)) }
        case .previewBootstrapPlan(let id, let fields):
            let lines = Self.plan(fields)
            Task.detached { post(.bootstrapPlan(deviceID: id, lines: lines)) }
        case .submitShell(let requestID, let deviceID, let line, let timeout):
            let row = fleet.withLock { $0.device(id: deviceID) }
            Task.detached { await Self.answer(requestID, row, line, timeout, post) }
        case .acknowledgeAlarm(let id):
            let alarm = fleet.withLock { fleet -> AlarmRow? in
                guard let index = fleet.alarms.firstIndex(where: { $0.id == id }) else { return nil }
                fleet.alarms[index].acknowledged = true
                return fleet.alarms[index]
            }
            if let alarm { Task.detached { post(.alarmRaised(alarm)) } }
        case .clearAlarm(let id):
            fleet.withLock { $0.alarms.removeAll { $0.id == id } }
            Task.detached { post(.alarmRemoved(id: id)) }
        case .clearAllAlarms:
            fleet.withLock { $0.alarms.removeAll() }
            Task.detached { post(.alarmsLoaded([])) }
        case .deleteDevice(let id):
            fleet.withLock { $0.remove(id: id) }
            Task.detached { post(.notice("Device deleted")) }
        case .startImport(let path, let dryRun):
            Task.detached { await self.runImport(path: path, dryRun: dryRun, post: post) }
        case .switchTenant(let name):
            Task.detached { post(.notice("Tenant \(name)")) }
        case .complete(let context, let text):
            let candidates = Self.complete(context, text)
            Task.detached { post(.completions(context, text: text, candidates: candidates)) }
        case .switchTheme, .quit:
            break
        }
    }

    private func scheduleAlarm(_ post: @escaping @Sendable (Action) -> Void) {
        guard let delay = alarmAfter, alarmScheduled.withLock({ scheduled in defer { scheduled = true }; return !scheduled }) else { return }
        let alarm = AlarmRow(id: "a-late", severity: .critical, device: "meter-7", text: "unavailable", raisedAt: Date())
        Task.detached { [self] in
            try? await Task.sleep(for: .seconds(delay))
            var raised = alarm
            raised.raisedAt = Date()
            self.fleet.withLock { $0.alarms.append(raised) }
            post(.alarmRaised(raised))
        }
    }

    private static func answer(_ id: Int, _ row: DeviceRow?, _ line: String, _ timeout: TimeInterval, _ post: @escaping @Sendable (Action) -> Void) async {
        guard let row else {
            post(.shellUpdate(requestID: id, .failed("unknown device")))
            return
        }
        let words = line.split(separator: " ").map(String.init)
        guard let verb = words.first, ["read", "write", "execute", "observe", "discover", "delete", "create"].contains(verb) else {
            post(.shellUpdate(requestID: id, .failed("unknown command \"\(line.split(separator: " ").first ?? "")\"")))
            return
        }
        guard row.state.isOnline else {
            // Asleep or offline: the request waits in the queue; the engine reports the timeout
            // and puts the operation back in PENDING.
            post(.shellUpdate(requestID: id, .pending(reason: "device \(row.state.rawValue), queued")))
            try? await Task.sleep(for: .seconds(timeout))
            post(.shellUpdate(requestID: id, .timedOut))
            post(.shellUpdate(requestID: id, .pending(reason: "queued")))
            return
        }
        post(.shellUpdate(requestID: id, .executing))
        try? await Task.sleep(for: .milliseconds(150))
        let path = words.count > 1 ? words[1] : "/"
        let node = FixtureFleet.objects.first { $0.path == path }
        let result: ShellResult
        switch verb {
        case "read":
            if let node {
                let lines = node.depth == 2 ? ["\(path) \(node.name) = \"\(node.value ?? "")\""] :
                    FixtureFleet.objects.filter { $0.path.hasPrefix(path + "/") && $0.depth == 2 }.map { "\($0.path) \($0.name) = \"\($0.value ?? "")\"" }
                result = ShellResult(code: "2.05 Content", isSuccess: true, lines: lines, milliseconds: 14)
            } else {
                result = ShellResult(code: "4.04 Not Found", isSuccess: false, lines: [], milliseconds: 9)
            }
        case "write":
            result = ShellResult(code: "2.04 Changed", isSuccess: true, lines: [], milliseconds: 17)
        case "execute":
            result = ShellResult(code: "2.04 Changed", isSuccess: true, lines: [], milliseconds: 11)
        default:
            result = ShellResult(code: "2.05 Content", isSuccess: true, lines: [], milliseconds: 12)
        }
        post(.shellUpdate(requestID: id, .completed(result)))
    }

    static func plan(_ fields: [BootstrapField]) -> [String] {
        let value = { (name: String) in fields.first { $0.name == name }?.value ?? "" }
        let mode = value("security_mode").uppercased()
        var lines = ["Delete /0 and /1 (except the bootstrap server)"]
        lines.append("Write /0/1: \(value("server_uri")), mode \(mode)" + (mode == "PSK" ? ", identity \(value("psk_identity")), key ••••" : ""))
        lines.append("Write /1/1: short id \(value("short_server_id")), lifetime \(value("lifetime")) s, binding \(value("binding"))")
        lines.append("Bootstrap-Finish")
        return lines
    }

    static let verbs = ["read", "write", "execute", "observe", "discover", "delete", "create", "cancel-observe"]

    static func complete(_ context: CompletionContext, _ text: String) -> [String] {
        switch context {
        case .shell:
            let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if parts.count <= 1 { return verbs.filter { $0.hasPrefix(text) }.map { $0 + " " } }
            let prefix = parts.dropLast().joined(separator: " ") + " "
            let last = parts.last ?? ""
            return FixtureFleet.objects.map(\.path).filter { $0.hasPrefix(last) }.map { prefix + $0 }
        case .path:
            let url = URL(fileURLWithPath: text.isEmpty ? "./" : text)
            let directory = text.hasSuffix("/") || text.isEmpty ? url : url.deletingLastPathComponent()
            let stem = text.hasSuffix("/") || text.isEmpty ? "" : url.lastPathComponent
            let base = text.hasSuffix("/") || text.isEmpty ? text : String(text.dropLast(stem.count))
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasPrefix(stem) }.sorted().map { name in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &isDirectory)
                return base + name + (isDirectory.boolValue ? "/" : "")
            }
        }
    }

    /// A small CSV importer for the fixture: `endpoint,security[,psk_identity,psk_key]` with a header row.
    private func runImport(path: String, dryRun: Bool, post: @escaping @Sendable (Action) -> Void) async {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            post(.importFailed("cannot read \(path)"))
            return
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var errors: [ImportRowError] = []
        var valid: [(Int, DeviceRow)] = []
        var seen = Set(fleet.withLock { $0.devices.map(\.endpoint) })
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let columns = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let endpoint = columns.first ?? ""
            let security = columns.count > 1 ? columns[1].uppercased() : ""
            if endpoint.isEmpty {
                errors.append(ImportRowError(line: index + 1, reason: "endpoint is empty"))
            } else if !["NO_SEC", "PSK", "RPK", "X509"].contains(security) {
                errors.append(ImportRowError(line: index + 1, reason: "security must be NO_SEC, PSK, RPK or X509, got \"\(security)\""))
            } else if security == "PSK", columns.count < 4 || columns[3].isEmpty || columns[3].count % 2 != 0 || !columns[3].allSatisfy(\.isHexDigit) {
                errors.append(ImportRowError(line: index + 1, reason: "PSK needs psk_identity and a hex psk_key"))
            } else if seen.contains(endpoint) {
                errors.append(ImportRowError(line: index + 1, reason: "duplicate endpoint \(endpoint)"))
            } else {
                seen.insert(endpoint)
                valid.append((index + 1, DeviceRow(id: "i\(index)-\(endpoint)", endpoint: endpoint, security: security, state: .never)))
            }
        }
        let total = valid.count + errors.count
        if dryRun {
            post(.importChecked(path: path, ImportSummary(rows: total, valid: valid.count, errors: errors)))
            return
        }
        let started = Date()
        for (done, item) in valid.enumerated() {
            fleet.withLock { $0.add(item.1) }
            if done % 50 == 0 { post(.importProgress(ImportProgress(done: done, total: total, errors: errors.count, startedAt: started))) }
        }
        post(.importProgress(ImportProgress(done: total, total: total, errors: errors.count, startedAt: started)))
        var failedPath: String?
        if !errors.isEmpty {
            let output = path + ".failed.csv"
            let failedLines = [lines.first ?? ""] + errors.map { lines.indices.contains($0.line - 1) ? lines[$0.line - 1] : "" }
            if (try? failedLines.joined(separator: "\n").appending("\n").write(toFile: output, atomically: true, encoding: .utf8)) != nil {
                failedPath = output
            }
        }
        post(.importFinished(ImportOutcome(imported: valid.count, failed: errors, failedRowsPath: failedPath)))
    }
}
