import ConsoleCore
import Foundation

/// Deterministic data and a hand-advanced clock for reducer and render tests.
enum TestFleet {
    /// A fixed "now": 2026-01-02 12:00:00 UTC.
    static let epoch = Date(timeIntervalSince1970: 1_767_355_200)

    static let rows: [DeviceRow] = [
        DeviceRow(id: "d1", endpoint: "psk_device", security: "PSK", state: .registered, lastSeen: epoch.addingTimeInterval(-4)),
        DeviceRow(id: "d2", endpoint: "nosec_device", security: "NO_SEC", state: .offline, lastSeen: epoch.addingTimeInterval(-7200)),
        DeviceRow(id: "d3", endpoint: "meter-1", security: "PSK", state: .registered, lastSeen: epoch.addingTimeInterval(-12)),
        DeviceRow(id: "d4", endpoint: "meter-2", security: "PSK", state: .sleeping, lastSeen: epoch.addingTimeInterval(-600)),
        DeviceRow(id: "d5", endpoint: "sensor-東京", security: "PSK", state: .registered, lastSeen: epoch.addingTimeInterval(-30)),
        DeviceRow(id: "d6", endpoint: "nosec_dup", security: "NO_SEC", state: .never),
    ]

    static let alarms: [AlarmRow] = [
        AlarmRow(id: "a1", severity: .minor, device: "meter-2", text: "offline > 1 day", raisedAt: epoch.addingTimeInterval(-100)),
        AlarmRow(id: "a2", severity: .major, device: "nosec_dup", text: "duplicate endpoint", raisedAt: epoch.addingTimeInterval(-300)),
    ]

    static func bootstrap(for row: DeviceRow) -> [BootstrapField] {
        [
            BootstrapField(name: "server_uri", label: "Server URI", value: "coaps://127.0.0.1:5684"),
            BootstrapField(name: "security_mode", label: "Security", value: "PSK"),
            BootstrapField(name: "psk_identity", label: "PSK identity", value: row.endpoint),
            BootstrapField(name: "psk_key", label: "PSK key", value: "000102030405060708090a0b0c0da1b2", isSecret: true),
            BootstrapField(name: "lifetime", label: "Lifetime (s)", value: "432000"),
        ]
    }

    static func detail(_ row: DeviceRow) -> DeviceDetail {
        DeviceDetail(
            row: row, lifetime: 432_000, binding: "U", address: "127.0.0.1:56001", registeredAt: epoch.addingTimeInterval(-3600),
            externalIDs: [ExternalID(kind: "serial", value: "SN-1")], bootstrap: bootstrap(for: row),
            objects: [
                ObjectNode(path: "/3", name: "Device", depth: 0),
                ObjectNode(path: "/3/0", name: "instance", depth: 1),
                ObjectNode(path: "/3/0/0", name: "Manufacturer", depth: 2, value: "Acme", operations: "R"),
                ObjectNode(path: "/3/0/4", name: "Reboot", depth: 2, operations: "E"),
            ],
            operations: [OperationRow(submittedAt: epoch.addingTimeInterval(-60), request: "read /3/0", state: "DONE", result: "2.05 Content")],
            events: [EventRow(time: epoch.addingTimeInterval(-3600), kind: "register", text: "lifetime 432000")]
        )
    }

    /// Answers a query the way a store would: filter, sort by endpoint, window.
    static func page(_ query: DeviceQuery, rows: [DeviceRow] = rows) -> DevicePage {
        let matching = rows.filter { query.filter.isEmpty || $0.endpoint.lowercased().contains(query.filter.lowercased()) }
            .sorted { $0.endpoint < $1.endpoint }
        let window = Array(matching.dropFirst(query.offset).prefix(query.limit))
        return DevicePage(query: query, rows: window, matching: matching.count)
    }
}

/// Drives a reducer like the event loop does, answering queries and loads from `TestFleet`.
struct Harness {
    var state: AppState
    var now = TestFleet.epoch
    var reducer = ConsoleReducer()
    var rows = TestFleet.rows
    /// Effects the harness did not answer itself, in order.
    var effects: [Effect] = []

    init(size: TerminalSize = TerminalSize(columns: 80, rows: 24), readOnly: Bool = false) {
        state = AppState(size: size, now: TestFleet.epoch, readOnly: readOnly)
        send(.start)
        send(.engineStatus(EngineStatus(state: .up, ports: "5783/5784 bs 5683/5684", deviceCount: 6, onlineCount: 3)))
        send(.alarmsLoaded(TestFleet.alarms))
        effects = []
    }

    /// Sends an action and answers device queries/loads immediately (like a fast store).
    mutating func send(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in reducer.reduce(&state, next, now: now) {
                switch effect {
                case .queryDevices(let query): queue.append(.devicesLoaded(TestFleet.page(query, rows: rows)))
                case .loadDevice(let id):
                    if let row = rows.first(where: { $0.id == id }) { queue.append(.deviceLoaded(TestFleet.detail(row))) }
                case .previewBootstrapPlan(let id, _): queue.append(.bootstrapPlan(deviceID: id, lines: ["Write /0/1 …", "Bootstrap-Finish"]))
                case .loadAlarms: break
                default: effects.append(effect)
                }
            }
        }
    }

    mutating func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    mutating func type(_ text: String) {
        for character in text { send(.key(.char(character))) }
    }

    /// Moves the clock on and delivers a tick.
    mutating func advance(_ seconds: TimeInterval) {
        now = now.addingTimeInterval(seconds)
        send(.tick)
    }

    /// Takes and clears the unanswered effects.
    mutating func takeEffects() -> [Effect] {
        defer { effects = [] }
        return effects
    }

    func screen(_ size: TerminalSize? = nil) -> String {
        render(state, size: size ?? state.size).text
    }
}
