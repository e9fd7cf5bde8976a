import Foundation
import Glibc
import Testing

/// The Devices table past 1,000 matches on the real binary: a real store of 2,503 imported
/// devices, a filter matching 2,500 of them, and `G` reaching the last one.
@Suite("Devices paging end to end", .serialized)
struct DevicePagingEndToEndTests {
    /// Imports `csv` into `directory` with the real binary, killed if it takes over 120 s.
    static func importFile(_ csv: String, into directory: String) throws -> Int32 {
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: try TmuxSession.binary())
        importer.arguments = ["import", csv, "--data-dir", directory]
        importer.standardOutput = FileHandle.nullDevice
        try importer.run()
        let deadline = Date().addingTimeInterval(120)
        while importer.isRunning, Date() < deadline { usleep(50_000) }
        if importer.isRunning {
            kill(importer.processIdentifier, SIGKILL)
            importer.waitUntilExit()
            throw HarnessError("import did not finish in 120 s")
        }
        return importer.terminationStatus
    }

    @Test func aFilterMatchingTwoThousandFiveHundredDevicesCountsThemAndGReachesTheLast() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        var csv = "endpoint id;securityMode;lwm2m server uri\n"
        for index in 0..<2_500 { csv += String(format: "bulk-%05d;NO_SEC;coap://127.0.0.1:5783\n", index) }
        for name in ["alpha-1", "alpha-2", "zulu-1"] { csv += "\(name);NO_SEC;coap://127.0.0.1:5783\n" }
        let file = directory.path + "/devices.csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Self.importFile(file, into: directory.path) == 0)

        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) console --data-dir \(TmuxSession.quote(directory.path)) \(DemoEndToEndTests.freePorts); \(DemoEndToEndTests.afterExit)")
        defer { session.close() }
        // Frames are drawn cell by cell: wait for the whole frame, not for its first part.
        let first = try session.waitFor("the first page", timeout: 20) { $0.contains("Devices 2,503") && $0.contains("row 1 of 2,503") && $0.contains("alpha-1") }
        #expect(first.contains("bulk-00000"))

        try session.send("/")
        try session.type("bulk")
        try session.send("Enter")
        // The page shows "1,000+" first; the exact count follows off the keystroke path.
        let counted = try session.waitFor("the exact count", timeout: 15) { $0.contains("Devices /bulk 2,500") && $0.contains("bulk-00000") }
        #expect(!counted.contains("alpha-1"))

        try session.send("G")
        // The position moves at once; the last window follows from the store.
        // The selection (details and shell title follow it) is the last matching device; the shell
        // title is drawn last of the three, so the frame is complete once it shows.
        let bottom = try session.waitFor("the last device", timeout: 15) { screen in
            screen.contains("row 2,500 of 2,500") && screen.contains("endpoint   bulk-02499") && screen.contains("Shell: bulk-02499")
        }
        #expect(bottom.contains("┃○ bulk-02499"), "the last row is on screen")
        #expect(!bottom.contains("bulk-00000"))

        // Back to the top and down page by page past the first 1,000: every window is fetched.
        try session.send("g")
        try session.waitFor(text: "row 1 of 2,500")
        for _ in 0..<60 { try session.send("PageDown") }  // 60 × 20 visible rows: past 1,000, short of 2,500
        var row = 0
        try session.waitFor("a row past 1,000") { screen in
            guard let range = screen.range(of: #"row \d,\d{3} of 2,500"#, options: .regularExpression) else { return false }
            row = Int(screen[range].dropFirst(4).prefix(5).replacingOccurrences(of: ",", with: "")) ?? 0
            // The selected row's device is on screen: its window was fetched, not a placeholder.
            return row > 1_000 && screen.contains(String(format: "bulk-%05d", row - 1))
        }
        #expect(row > 1_000)

        try session.send("q")
        let after = try session.waitFor(text: "END", timeout: 15)
        #expect(after.contains("EXIT=0"))
    }
}
