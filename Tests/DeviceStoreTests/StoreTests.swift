import DeviceStore
import Foundation
import Testing

@Suite("Store: files, queries, keys, alarms, events, bootstrap edits")
struct StoreTests {
    @Test("the database, its WAL and the installation secret are mode 0600 in a 0700 directory")
    func fileModes() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("m-1")]))
        func mode(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.posixPermissions] as? Int) ?? -1
        }
        let data = fixture.store.directory
        #expect(try mode(data) == 0o700)
        #expect(try mode(fixture.store.databasePath) == 0o600)
        #expect(try mode(data + "/installation.key") == 0o600)
        if FileManager.default.fileExists(atPath: fixture.store.databasePath + "-wal") {
            #expect(try mode(fixture.store.databasePath + "-wal") == 0o600)
        }
    }

    @Test("reopening keeps the data and the secret (credentials still verify)")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try DeviceStore(directory: directory.path)
            let file = try directory.write(CSVBuilder.csv([CSVBuilder.noSec("r-1")]))
            try BulkImporter(store: store).run(file: file)
        }
        let reopened = try DeviceStore(directory: directory.path)
        #expect(try reopened.device(tenant: "t-default", id: "r-1") != nil)
        #expect(try reopened.verifyCredentials(tenant: "t-default", deviceID: "r-1", password: "Secret-Passw0rd!"))
    }

    @Test("a damaged installation secret is reported, not replaced")
    func damagedSecret() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(Data([1, 2, 3]), to: "installation.key")
        let error = try #require(throws: StoreError.self) { try DeviceStore(directory: directory.path) }
        #expect(error.message.contains("installation secret"))
        #expect(error.message.contains("damaged"))
    }

    @Test("data directory: flag, then $LWM2M_CONSOLE_DATA_DIR, then XDG, then ~/.local/share")
    func dataDirectoryResolution() throws {
        let env = ["LWM2M_CONSOLE_DATA_DIR": "/env/dir", "XDG_DATA_HOME": "/xdg", "HOME": "/home/op"]
        #expect(try DataDirectory.resolve(flag: "/flag", environment: env) == "/flag")
        #expect(try DataDirectory.resolve(flag: nil, environment: env) == "/env/dir")
        #expect(try DataDirectory.resolve(flag: nil, environment: ["XDG_DATA_HOME": "/xdg/", "HOME": "/h"]) == "/xdg/lwm2m-console")
        #expect(try DataDirectory.resolve(flag: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/lwm2m-console")
        #expect(try DataDirectory.resolve(flag: "", environment: ["HOME": "/h", "LWM2M_CONSOLE_DATA_DIR": ""]) == "/h/.local/share/lwm2m-console")
        #expect(throws: StoreError.self) { try DataDirectory.resolve(flag: nil, environment: [:]) }
    }

    @Test("listing: prefix filter on ID, endpoint or name (case-insensitive), sort, page, count")
    func listing() throws {
        let fixture = try StoreFixture()
        var rows: [[String: String]] = []
        for index in 1...25 {
            var row = CSVBuilder.noSec(String(format: "meter-%02d", index))
            row["NAME"] = index % 5 == 0 ? "Pump \(index)" : "Meter \(index)"
            rows.append(row)
        }
        rows.append(CSVBuilder.noSec("valve-1"))
        try fixture.importText(CSVBuilder.csv(rows))
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("Meter-X")]), ImportOptions(tenant: "t-b"))
        let store = fixture.store

        #expect(try store.countDevices(DeviceQuery()) == 27)
        #expect(try store.countDevices(DeviceQuery(tenant: "t-default")) == 26)
        #expect(try store.countDevices(DeviceQuery(prefix: "METER-")) == 26)
        #expect(try store.countDevices(DeviceQuery(prefix: "pump")) == 5, "matches the name")
        #expect(try store.countDevices(DeviceQuery(prefix: "meter-2")) == 6)
        #expect(try store.countDevices(DeviceQuery(prefix: "%")) == 0, "no LIKE wildcards")
        let page2 = try store.devices(DeviceQuery(tenant: "t-default", prefix: "meter", limit: 10, offset: 10))
        #expect(page2.map(\.id) == (11...20).map { String(format: "meter-%02d", $0) })
        let descending = try store.devices(DeviceQuery(sort: .id, descending: true, limit: 2))
        #expect(descending.map(\.id) == ["valve-1", "Meter-X"], "case-insensitive: meter-x sorts after meter-25")
        let byName = try store.devices(DeviceQuery(tenant: "t-default", sort: .name, limit: 3))
        #expect(byName.map(\.name) == ["Meter 1", "Meter 11", "Meter 12"])
        #expect(try store.tenants() == ["t-b", "t-default"])
    }

    @Test("PSK key table: one dictionary per role, duplicates left out")
    func pskKeyTable() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.psk("k-1"), CSVBuilder.psk("k-2")]), ImportOptions(tenant: "t-a"))
        var dup = CSVBuilder.psk("k-1")
        dup["lwm2m psk_id"] = "k-1-dup-lw"
        dup["bootstrap psk_id"] = "k-1-dup-bs"
        try fixture.importText(CSVBuilder.csv([dup]), ImportOptions(tenant: "t-b"))

        let lwm2m = try fixture.store.pskKeyTable(role: .lwm2m)
        let bootstrap = try fixture.store.pskKeyTable(role: .bootstrap)
        #expect(lwm2m.count == 2)
        #expect(lwm2m.key(forIdentity: "k-1-lw") == Data([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]))
        #expect(lwm2m.key(forIdentity: "k-1-bs") == nil, "bootstrap identities are not LwM2M identities")
        #expect(lwm2m.key(forIdentity: "k-1-dup-lw") == nil, "a duplicate device is never served")
        #expect(bootstrap.key(forIdentity: "k-2-bs") != nil)
        #expect(try fixture.store.device(lwm2mPSKIdentity: "k-1-dup-lw") == nil)
    }

    @Test("alarms: one open per device and type, repeats counted, ack, clear, reopen")
    func alarms() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let first = try store.raiseAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable, severity: .minor, text: "gone")
        fixture.clock.advance(by: 10)
        let again = try store.raiseAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable, severity: .major, text: "still gone")
        #expect(again.id == first.id)
        #expect(again.count == 2)
        #expect(again.severity == .major)
        #expect(again.text == "still gone")
        #expect(again.lastRaisedAt == first.firstRaisedAt.addingTimeInterval(10))
        try store.raiseAlarm(tenant: "t", deviceID: "d", type: AlarmType.firmwareFailed, severity: .critical, text: "fw")
        try store.raiseAlarm(tenant: "t", deviceID: "e", type: AlarmType.unavailable, severity: .warning, text: "w")

        #expect(try store.alarms().map(\.severity) == [.critical, .major, .warning], "most severe first")
        #expect(try store.alarmCounts()[.major] == 1)
        let acked = try store.acknowledgeAlarm(id: first.id)
        #expect(acked.status == .acknowledged)
        #expect(try store.raiseAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable, severity: .major, text: "x").count == 3)
        let cleared = try store.clearAlarm(id: first.id)
        #expect(cleared.status == .cleared)
        #expect(try store.alarmCounts()[.major] == 0)
        let reopened = try store.raiseAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable, severity: .major, text: "back")
        #expect(reopened.id != first.id)
        #expect(reopened.count == 1)
        #expect(try store.clearAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable))
        #expect(try !store.clearAlarm(tenant: "t", deviceID: "d", type: AlarmType.unavailable))
        #expect(throws: StoreError.self) { try store.acknowledgeAlarm(id: 999) }
    }

    @Test("events: appended in batches, newest first, paged back")
    func events() throws {
        let fixture = try StoreFixture()
        let base = fixture.clock.now
        let stored = try fixture.store.appendEvents(
            (1...5).map { DeviceEvent(tenant: "t", deviceID: "d", type: "lwm2m_Registered", text: "event \($0)", time: base.addingTimeInterval(Double($0))) })
        #expect(Set(stored.map(\.id)).count == 5)
        let newest = try fixture.store.events(tenant: "t", deviceID: "d", limit: 2)
        #expect(newest.map(\.text) == ["event 5", "event 4"])
        let older = try fixture.store.events(tenant: "t", deviceID: "d", limit: 10, beforeID: newest[1].id)
        #expect(older.map(\.text) == ["event 3", "event 2", "event 1"])
        #expect(try fixture.store.events(tenant: "t", deviceID: "other").isEmpty)
    }

    @Test("bootstrap edits use the importer's rules; a refused edit changes nothing")
    func bootstrapEdits() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.psk("b-1")]))
        let store = fixture.store

        let updated = try store.updateBootstrapParameters(
            tenant: "t-default", id: "b-1",
            changes: ["registrationLifetime": "600", "BINDINGMODE": "U", "defaultMaximumPeriod": "120"])
        #expect(updated.registrationLifetime == 600)
        #expect(updated.bindingMode == "U")
        #expect(try store.bootstrapParameters(tenant: "t-default", id: "b-1") == updated)

        let refused = try #require(throws: BootstrapValidationError.self) {
            try store.updateBootstrapParameters(
                tenant: "t-default", id: "b-1", changes: ["lwm2mShortServerId": "0", "registrationLifetime": "30"])
        }
        #expect(refused.issues == [FieldIssue(field: "lwm2mShortServerId", message: "lwm2mShortServerId must be a whole number from 1 to 65534, got '0'")])
        #expect(try store.bootstrapParameters(tenant: "t-default", id: "b-1")?.registrationLifetime == 600)

        let crossRefused = try #require(throws: BootstrapValidationError.self) {
            try store.updateBootstrapParameters(tenant: "t-default", id: "b-1", changes: ["defaultMinimumPeriod": "500"])
        }
        #expect(crossRefused.issues.first?.message == "defaultMinimumPeriod (500) must not be greater than defaultMaximumPeriod (120)")
        let schemeRefused = try #require(throws: BootstrapValidationError.self) {
            try store.updateBootstrapParameters(tenant: "t-default", id: "b-1", changes: ["lwm2m server uri": "coap://h:5683"])
        }
        #expect(schemeRefused.issues.first?.field == "lwm2m server uri")
        #expect(throws: BootstrapValidationError.self) {
            try store.updateBootstrapParameters(tenant: "t-default", id: "b-1", changes: ["CREDENTIALS": "x"])
        }
        // An empty value resets a field to its default.
        #expect(try store.updateBootstrapParameters(tenant: "t-default", id: "b-1", changes: ["bindingMode": ""]).bindingMode == "UQ")
    }

    @Test("deleting a device removes it, its keys and alarms, and keeps its credentials")
    func deleteDevice() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.psk("del-1")]))
        try fixture.store.raiseAlarm(tenant: "t-default", deviceID: "del-1", type: AlarmType.unavailable, severity: .major, text: "x")

        #expect(try fixture.store.deleteDevice(tenant: "t-default", id: "del-1"))
        #expect(try !fixture.store.deleteDevice(tenant: "t-default", id: "del-1"))
        #expect(try fixture.store.device(lwm2mPSKIdentity: "del-1-lw") == nil)
        #expect(try fixture.store.pskKeyTable(role: .bootstrap).count == 0)
        #expect(try fixture.store.alarms().isEmpty)
        #expect(try fixture.store.hasCredentials(tenant: "t-default", deviceID: "del-1"))
        // The PSK identities are free again for another device.
        var reuse = CSVBuilder.psk("del-2")
        reuse["lwm2m psk_id"] = "del-1-lw"
        #expect(try fixture.importText(CSVBuilder.csv([reuse])).created == 1)
    }
}
