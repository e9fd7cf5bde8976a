import ConsoleCore
import Foundation

/// The in-memory fleet behind `FixtureConsoleBackend`: devices, details and alarms.
///
/// Sorted copies are kept per sort column so a filter keystroke only scans, never sorts.
struct FixtureFleet: Sendable {
    private(set) var devices: [DeviceRow] = []
    private var sorted: [DeviceSort: [Int]] = [:]
    private var lowercased: [[UInt8]] = []
    private var byID: [String: Int] = [:]
    var alarms: [AlarmRow] = []
    var bootstrap: [String: [BootstrapField]] = [:]

    /// The handful of devices the end-to-end tests and `--fixture` use.
    static func small(now: Date) -> FixtureFleet {
        var fleet = FixtureFleet()
        let rows: [(String, String, String, DeviceState, TimeInterval?)] = [
            ("psk_device", "default", "PSK", .registered, 4),
            ("nosec_device", "default", "NO_SEC", .offline, 7200),
            ("meter-1", "default", "PSK", .registered, 12),
            ("meter-2", "default", "PSK", .registered, 30),
            ("meter-3", "default", "PSK", .sleeping, 600),
            ("meter-4", "default", "NO_SEC", .registered, 2),
            ("meter-5", "default", "PSK", .offline, 90_000),
            ("meter-6", "default", "PSK", .bootstrapping, 1),
            ("meter-7", "default", "PSK", .offline, 3600),
            ("sensor-東京", "default", "PSK", .registered, 8),
            ("nosec_dup", "default", "NO_SEC", .never, nil),
            ("gateway-a", "default", "X509", .registered, 20),
        ]
        fleet.devices = rows.enumerated().map { index, row in
            DeviceRow(id: "d\(index + 1)", endpoint: row.0, tenant: row.1, security: row.2, state: row.3,
                      lastSeen: row.4.map { now.addingTimeInterval(-$0) })
        }
        fleet.alarms = [
            AlarmRow(id: "a1", severity: .major, device: "nosec_dup", text: "duplicate endpoint", raisedAt: now.addingTimeInterval(-300)),
            AlarmRow(id: "a2", severity: .minor, device: "meter-5", text: "offline > 1 day", raisedAt: now.addingTimeInterval(-100)),
        ]
        fleet.reindex()
        return fleet
    }

    /// A generated fleet of `count` devices for the benchmark.
    static func generated(count: Int, now: Date) -> FixtureFleet {
        var fleet = FixtureFleet()
        let states: [DeviceState] = [.registered, .registered, .sleeping, .offline, .never]
        fleet.devices.reserveCapacity(count)
        for index in 0..<count {
            fleet.devices.append(DeviceRow(
                id: "d\(index)", endpoint: "meter-\(index)", security: index % 3 == 0 ? "NO_SEC" : "PSK",
                state: states[index % states.count], lastSeen: now.addingTimeInterval(-Double(index % 86_400))
            ))
        }
        fleet.reindex()
        return fleet
    }

    mutating func reindex() {
        lowercased = devices.map { Array($0.endpoint.lowercased().utf8) }
        byID = Dictionary(devices.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indices = Array(devices.indices)
        let rows = devices
        sorted[.endpoint] = indices.sorted { rows[$0].endpoint < rows[$1].endpoint }
        sorted[.security] = indices.sorted { (rows[$0].security, rows[$0].endpoint) < (rows[$1].security, rows[$1].endpoint) }
        sorted[.state] = indices.sorted { (rows[$0].state.rawValue, rows[$0].endpoint) < (rows[$1].state.rawValue, rows[$1].endpoint) }
        sorted[.lastSeen] = indices.sorted {
            let left = rows[$0].lastSeen?.timeIntervalSince1970 ?? 0
            let right = rows[$1].lastSeen?.timeIntervalSince1970 ?? 0
            return left != right ? left > right : rows[$0].endpoint < rows[$1].endpoint
        }
    }

    /// Answers a query: scan the sorted order, count matches, keep only the window.
    func page(for query: DeviceQuery) -> DevicePage {
        let order = sorted[query.sort] ?? Array(devices.indices)
        let needle = Array(query.filter.lowercased().utf8)
        var matching = 0
        var rows: [DeviceRow] = []
        let end = query.offset + query.limit
        for index in order where needle.isEmpty || Self.contains(lowercased[index], needle) {
            if matching >= query.offset, matching < end { rows.append(devices[index]) }
            matching += 1
        }
        return DevicePage(query: query, rows: rows, matching: matching)
    }

    /// Byte-wise substring test on UTF-8 (String.contains is far slower for 100,000 rows).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            var offset = 1
            while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    func device(id: String) -> DeviceRow? { byID[id].map { devices[$0] } }

    mutating func add(_ row: DeviceRow) {
        devices.append(row)
        reindex()
    }

    mutating func remove(id: String) {
        devices.removeAll { $0.id == id }
        reindex()
    }

    /// Details built from the row: a plausible registration and object tree.
    func detail(for row: DeviceRow, now: Date) -> DeviceDetail {
        let online = row.state.isOnline || row.state == .sleeping
        let fields = bootstrap[row.id] ?? Self.defaultBootstrap(for: row)
        return DeviceDetail(
            row: row,
            lifetime: online ? 432_000 : nil,
            binding: online ? (row.state == .sleeping ? "UQ" : "U") : nil,
            address: online ? "127.0.0.1:\(56_000 + (Int(row.id.dropFirst()) ?? 0))" : nil,
            registeredAt: online ? now.addingTimeInterval(-3600) : nil,
            externalIDs: [ExternalID(kind: "serial", value: "SN-\(row.id.uppercased())"), ExternalID(kind: "imei", value: "35693803564\(row.id.count)012")],
            bootstrap: fields,
            objects: online ? Self.objects : [],
            operations: [OperationRow(submittedAt: now.addingTimeInterval(-120), request: "read /3/0", state: "DONE", result: "2.05 Content")],
            events: [
                EventRow(time: now.addingTimeInterval(-3600), kind: "register", text: "lifetime 432000 binding U"),
                EventRow(time: now.addingTimeInterval(-3700), kind: "bootstrap", text: "finished"),
            ]
        )
    }

    static func defaultBootstrap(for row: DeviceRow) -> [BootstrapField] {
        let secure = row.security != "NO_SEC"
        return [
            BootstrapField(name: "server_uri", label: "Server URI", value: secure ? "coaps://127.0.0.1:5684" : "coap://127.0.0.1:5683"),
            BootstrapField(name: "security_mode", label: "Security", value: row.security),
            BootstrapField(name: "psk_identity", label: "PSK identity", value: secure ? row.endpoint : ""),
            BootstrapField(name: "psk_key", label: "PSK key", value: secure ? "000102030405060708090a0b0c0da1b2" : "", isSecret: true),
            BootstrapField(name: "short_server_id", label: "Short server ID", value: "1"),
            BootstrapField(name: "lifetime", label: "Lifetime (s)", value: "432000"),
            BootstrapField(name: "binding", label: "Binding", value: "U"),
        ]
    }

    static let objects: [ObjectNode] = [
        ObjectNode(path: "/1", name: "LwM2M Server", depth: 0),
        ObjectNode(path: "/1/0", name: "instance", depth: 1),
        ObjectNode(path: "/1/0/1", name: "Lifetime", depth: 2, value: "432000", operations: "RW"),
        ObjectNode(path: "/3", name: "Device", depth: 0),
        ObjectNode(path: "/3/0", name: "instance", depth: 1),
        ObjectNode(path: "/3/0/0", name: "Manufacturer", depth: 2, value: "Acme", operations: "R"),
        ObjectNode(path: "/3/0/1", name: "Model Number", depth: 2, value: "M-100", operations: "R"),
        ObjectNode(path: "/3/0/4", name: "Reboot", depth: 2, operations: "E"),
        ObjectNode(path: "/3303", name: "Temperature", depth: 0),
        ObjectNode(path: "/3303/0", name: "instance", depth: 1),
        ObjectNode(path: "/3303/0/5700", name: "Sensor Value", depth: 2, value: "21.5", operations: "R"),
    ]
}
