import DeviceStore
import Foundation
import Testing

/// Migration v3: per-device log levels and the engine's stored observations.
@Suite("Store: device log levels and engine observations")
struct LogLevelAndObservationStoreTests {
    @Test("log level: LIFECYCLE by default, set, read back after reopening, back to default, unknown device")
    func logLevels() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try DeviceStore(directory: directory.path)
            try BulkImporter(store: store).run(file: try directory.write(CSVBuilder.csv([CSVBuilder.noSec("a"), CSVBuilder.noSec("b")])))
            #expect(try store.logLevel(tenant: "t-default", id: "a") == .lifecycle)
            #expect(try store.nonDefaultLogLevels().isEmpty)
            #expect(try store.setLogLevel(tenant: "t-default", id: "a", level: .verbose))
            #expect(try store.setLogLevel(tenant: "t-default", id: "b", level: .none))
            #expect(try store.setLogLevel(tenant: "t-default", id: "missing", level: .verbose) == false)
            #expect(try store.logLevel(tenant: "t-default", id: "missing") == nil)
        }
        let reopened = try DeviceStore(directory: directory.path)
        #expect(try reopened.logLevel(tenant: "t-default", id: "a") == .verbose)
        let levels = try reopened.nonDefaultLogLevels().sorted { $0.deviceID < $1.deviceID }
        #expect(levels == [
            DeviceLogLevelEntry(tenant: "t-default", deviceID: "a", level: .verbose),
            DeviceLogLevelEntry(tenant: "t-default", deviceID: "b", level: .none),
        ])
        try reopened.setLogLevel(tenant: "t-default", id: "a", level: .lifecycle)
        #expect(try reopened.logLevel(tenant: "t-default", id: "a") == .lifecycle)
        #expect(try reopened.nonDefaultLogLevels().map(\.deviceID) == ["b"])
        // Deleting a device drops its level with it.
        _ = try reopened.deleteDevice(tenant: "t-default", id: "b")
        #expect(try reopened.nonDefaultLogLevels().isEmpty)
    }

    @Test("log level text: any case accepted, anything else named in the error")
    func parsing() throws {
        #expect(try DeviceLogLevel(parsing: "verbose") == .verbose)
        #expect(try DeviceLogLevel(parsing: " None ") == .none)
        #expect(throws: StoreError("unknown log level 'LOUD': use NONE, LIFECYCLE or VERBOSE")) { try DeviceLogLevel(parsing: "LOUD") }
    }

    @Test("observations: saved, replaced, removed in order; gone with their device; unknown device skipped")
    func observations() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("a"), CSVBuilder.noSec("b")]))
        let store = fixture.store
        let now = fixture.clock.now
        func record(_ id: String, _ key: String, _ command: String) -> EngineObservationRecord {
            EngineObservationRecord(tenant: "t-default", deviceID: id, key: key, command: command, createdAt: now)
        }
        try store.applyObservationChanges([
            .saved(record("a", "/3303/0/5700", "observe /3303/0/5700")),
            .saved(record("a", "/3/0/0,/3/0/9", "cobserve /3/0/0 /3/0/9")),
            .saved(record("b", "/3/0/9", "observe /3/0/9")),
            .saved(record("ghost", "/3/0/9", "observe /3/0/9")),
            .removed(tenant: "t-default", deviceID: "b", key: "/3/0/9"),
        ])
        #expect(try store.engineObservations() == [
            record("a", "/3/0/0,/3/0/9", "cobserve /3/0/0 /3/0/9"),
            record("a", "/3303/0/5700", "observe /3303/0/5700"),
        ])
        // Saved again (e.g. re-established): still one row.
        try store.applyObservationChanges([.saved(record("a", "/3303/0/5700", "observe /3303/0/5700"))])
        #expect(try store.engineObservations().count == 2)
        _ = try store.deleteDevice(tenant: "t-default", id: "a")
        #expect(try store.engineObservations().isEmpty)
    }
}
