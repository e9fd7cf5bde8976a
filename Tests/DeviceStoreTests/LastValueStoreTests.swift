import DeviceStore
import Foundation
import LwM2M
import Testing

/// Migration v5: the last known value per device and resource path (SPEC §6).
@Suite("Store: last values")
struct LastValueStoreTests {
    static let tenant = "t-default"

    static func record(_ id: String, _ path: String, _ value: ResourceValue, _ rendered: String, at time: Date, _ source: LastValueSource = .notification) throws -> LastValueRecord {
        LastValueRecord(
            tenant: tenant, deviceID: id, path: try LwM2MPath(parsing: path),
            lastValue: LastValue(value: value, reportedAt: time, source: source), rendered: rendered)
    }

    @Test("every value type is written and read back with its type, text, time and source, in path order")
    func roundTrip() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("a")]))
        let time = Date(timeIntervalSince1970: 1_790_000_000.123)
        let records = [
            try Self.record("a", "/3303/0/5700", .float(21.5), "21.5 Cel", at: time),
            try Self.record("a", "/3/0/0", .string("Acme \"Ltd\""), "\"Acme \\\"Ltd\\\"\"", at: time, .read),
            try Self.record("a", "/3/0/9", .integer(-7), "-7 %", at: time),
            try Self.record("a", "/3/0/13", .time(1_790_000_000), "2026-09-21T…", at: time),
            try Self.record("a", "/3/0/6/1", .integer(5), "5", at: time),
            try Self.record("a", "/3/0/99", .opaque([0, 1, 0xFF]), "0x0001FF (3 bytes)", at: time),
            try Self.record("a", "/3/0/98", .boolean(true), "true", at: time),
            try Self.record("a", "/3/0/97", .objlnk(ObjectLink(objectID: 3, instanceID: 0)), "3:0", at: time),
            try Self.record("a", "/3/0/96", .unsignedInteger(UInt64.max), "max", at: time),
        ]
        try fixture.store.applyLastValues(records)
        let stored = try fixture.store.lastValues(tenant: Self.tenant, deviceID: "a")
        #expect(stored == records.sorted { $0.path < $1.path })
        #expect(stored.first?.path.description == "/3/0/0")
    }

    @Test("a newer value overwrites the row; an older one (a late retry) does not")
    func overwrite() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("a")]))
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        try fixture.store.applyLastValues([try Self.record("a", "/3303/0/5700", .float(20), "20.0 Cel", at: t0)])
        try fixture.store.applyLastValues([try Self.record("a", "/3303/0/5700", .float(22.5), "22.5 Cel", at: t0 + 5, .read)])
        try fixture.store.applyLastValues([try Self.record("a", "/3303/0/5700", .float(19), "19.0 Cel", at: t0 + 1)])
        let stored = try fixture.store.lastValues(tenant: Self.tenant, deviceID: "a")
        #expect(stored.count == 1)
        #expect(stored.first?.lastValue == LastValue(value: .float(22.5), reportedAt: t0 + 5, source: .read))
        #expect(stored.first?.rendered == "22.5 Cel")
    }

    @Test("values go with their device; a value for an unknown device is skipped; they survive reopening")
    func deleteAndRestart() throws {
        let directory = try TemporaryDirectory()
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        do {
            let store = try DeviceStore(directory: directory.path)
            try BulkImporter(store: store).run(file: try directory.write(CSVBuilder.csv([CSVBuilder.noSec("a"), CSVBuilder.noSec("b")])))
            try store.applyLastValues([
                try Self.record("a", "/3/0/9", .integer(80), "80 %", at: time),
                try Self.record("b", "/3/0/9", .integer(60), "60 %", at: time),
                try Self.record("ghost", "/3/0/9", .integer(1), "1 %", at: time),
            ])
            #expect(try store.lastValues(tenant: Self.tenant, deviceID: "ghost").isEmpty)
            #expect(try store.deleteDevice(tenant: Self.tenant, id: "b"))
            #expect(try store.lastValues(tenant: Self.tenant, deviceID: "b").isEmpty)
        }
        let reopened = try DeviceStore(directory: directory.path)
        #expect(try reopened.lastValues(tenant: Self.tenant, deviceID: "a").map(\.lastValue.value) == [.integer(80)])
    }
}
