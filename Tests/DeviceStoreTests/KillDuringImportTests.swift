import DeviceStore
import Foundation
import Testing

/// Runs the real `lwm2m-console import` binary on a large file, kills it with SIGKILL while its
/// transaction is being written, and checks the store is exactly as before.
@Suite("Crash safety", .timeLimit(.minutes(3)))
struct KillDuringImportTests {
    /// The debug binary `swift build` (and `swift test`) produce, found from this file's path.
    static var binaryPath: String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/lwm2m-console").path
    }

    @Test("kill -9 in the middle of a large import leaves the store as before")
    func killMidImport() async throws {
        let binary = Self.binaryPath
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "\(binary) is missing: run `swift build` before `swift test`")
        let directory = try TemporaryDirectory()
        let dataDir = directory.path + "/data"
        let before: StoreSnapshot
        do {
            let store = try DeviceStore(directory: dataDir)
            try BulkImporter(store: store).run(file: try StoreFixture.fixture("seed.csv"))
            try store.raiseAlarm(tenant: "t-default", deviceID: "psk_device", type: AlarmType.unavailable, severity: .major, text: "x")
            before = try StoreSnapshot(store)
        }  // closed: the child is the only writer
        let bigFile = directory.path + "/big.csv"
        try SampleFileWriter.writePSKFile(rows: 200_000, to: bigFile)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: binary)
        child.arguments = ["import", bigFile, "--data-dir", dataDir]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

        // Wait (bounded) until the uncommitted transaction has spilled pages into the WAL: then
        // the import is under way and not finished.
        let wal = dataDir + "/" + DeviceStore.databaseFileName + "-wal"
        let deadline = Date().addingTimeInterval(120)
        var walBytes = 0
        while child.isRunning, Date() < deadline {
            walBytes = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int) ?? 0
            if walBytes > 4 << 20 { break }
            // Polls without holding a thread of the 2-thread cooperative pool.
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(child.isRunning, "the import ended before it could be killed (WAL \(walBytes) bytes)")
        try #require(walBytes > 4 << 20, "the import did not start writing within the time limit")
        kill(child.processIdentifier, SIGKILL)
        // Reaped by Foundation; the poll returns within milliseconds of the SIGKILL.
        while child.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        child.waitUntilExit()  // already exited: returns at once with the status recorded
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)

        let reopened = try DeviceStore(directory: dataDir)
        #expect(try StoreSnapshot(reopened) == before)
        #expect(try reopened.countDevices(DeviceQuery()) == 2)
        #expect(try reopened.pskKeyTable(role: .lwm2m).count == 1)
        // And the store still works: a small import goes through.
        let small = try directory.write(CSVBuilder.csv([CSVBuilder.noSec("after-crash")]), to: "small.csv")
        #expect(try BulkImporter(store: reopened).run(file: small).created == 1)
    }
}
