import Foundation
import Glibc
import Testing

/// Drives the real binary's `demo` in tmux: a real store in a temp dir, the embedded engine on
/// free ports, and the simulated fleet bootstrapping and registering over UDP and DTLS.
@Suite("Demo end to end (tmux, real store, engine and devices)", .serialized)
struct DemoEndToEndTests {
    /// A fresh data directory, removed by `remove()`.
    struct DataDirectory {
        let path: String
        init() throws {
            var template = Array("/tmp/demo-e2e-XXXXXX".utf8CString)
            guard mkdtemp(&template) != nil else { throw HarnessError("mkdtemp failed") }
            path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    static let freePorts = "--bootstrap-port 0 --bootstrap-dtls-port 0 --server-port 0 --server-dtls-port 0 --min-request-timeout 1s"
    static let afterExit = "echo \"EXIT=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' '; echo; echo END"

    /// Starts `lwm2m-console <subcommand> --data-dir DIR` and waits until every demo device registered.
    private func start(
        _ directory: DataDirectory, subcommand: String = "demo", columns: Int = 120, rows: Int = 40,
        environment: [String: String] = [:], waitFor: String = "10 online"
    ) throws -> TmuxSession {
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: columns, rows: rows,
            command: "\(TmuxSession.quote(binary)) \(subcommand) --data-dir \(TmuxSession.quote(directory.path)) \(Self.freePorts); \(Self.afterExit)",
            environment: environment)
        try session.waitFor(text: waitFor, timeout: 20)
        return session
    }

    @Test func demoShowsTheImportedDevicesRegisteredAndTheDuplicateAlarm() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory)
        defer { session.close() }
        let screen = try session.waitFor(text: "▲1 MAJOR")
        #expect(screen.contains("Devices 10"))
        #expect(screen.contains("●engine up"))
        for endpoint in ["meter-001", "pump-psk-01", "valve-psk-01", "sleepy-01", "mute-01"] {
            let line = screen.split(separator: "\n").first { $0.contains("● \(endpoint) ") }
            #expect(line?.contains("registered") == true || line?.contains("sleeping") == true, "\(endpoint): \(line ?? "missing")")
        }
        #expect(screen.contains("PSK    registered"))
        #expect(screen.contains("Device with endpoint"), "the duplicate's MAJOR alarm text")
    }

    @Test func slashFiltersThroughTheStoreAndEnterOpensTheDevice() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory)
        defer { session.close() }
        try session.send("/")
        try session.type("pump")
        let filtered = try session.waitFor(text: "Devices /pump 2")
        #expect(filtered.contains("pump-psk-02"))
        #expect(!filtered.contains("meter-002"))
        try session.send("Enter", "Enter")
        let opened = try session.waitFor(text: "┏ pump-psk-01")
        #expect(opened.contains("endpoint   pump-psk-01"))
        #expect(opened.contains("security   PSK"))
        try session.waitFor(text: "address    coaps://127.0.0.1:")
    }

    @Test func shellReadShowsTheSimulatorsManufacturer() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory)
        defer { session.close() }
        try session.send("Tab", "Tab")
        try session.type("read /3/0/0")
        try session.send("Enter")
        let screen = try session.waitFor(text: "/3/0/0 Manufacturer = \"lwm2m-console simulator\"")
        #expect(screen.contains("2.05 Content"))
    }

    @Test func aTimeoutOnTheMuteDeviceShowsTheOperationBackInPending() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory)
        defer { session.close() }
        try session.send("/")
        try session.type("mute")
        try session.waitFor(text: "Devices /mute 1")
        try session.send("Enter", "Enter", "Tab")
        try session.type("read /3/0/0 --timeout 1")
        try session.send("Enter")
        try session.waitFor(text: "TIMEOUT after 1 s · back in PENDING")
        // The engine's history shows it PENDING again after one attempt. The shell's TIMEOUT is
        // the UI's own clock, so the engine's state may lag it under load: reopen a few times.
        var history = ""
        for _ in 0..<5 where !history.contains("PENDING   no answer within") {
            try session.send("Escape", "Escape", "/")
            try session.type("mute")
            try session.send("Enter", "Enter", "l", "l", "l", "l")
            history = (try? session.waitFor(text: "PENDING   no answer within", timeout: 3)) ?? ""
        }
        #expect(history.contains("PENDING   no answer within"), "Ops tab never showed the operation PENDING again")
        #expect(history.contains("read /3/0/0 --tim"))
    }

    @Test func bootstrapFormRefusesAnInvalidValueAndAValidOneSurvivesARestart() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        do {
            let session = try start(directory)
            defer { session.close() }
            try session.send("/")
            try session.type("meter-003")
            try session.waitFor(text: "Devices /meter-003 1")
            try session.send("Enter", "Enter", "l", "l")
            try session.waitFor(text: "[Bootstrap]")
            try session.send("e", "Tab", "C-u")
            try session.type("soon")
            try session.waitFor(text: "✗ registrationLifetime must be a whole number")
            try session.send("C-s")
            try session.waitFor(text: "Not saved: 1 field is invalid")
            try session.send("C-u")
            try session.type("3600")
            try session.send("C-s")
            try session.waitFor(text: "Bootstrap parameters saved")
            try session.send("Escape", "Escape", "Escape", "q")
            try session.waitFor(text: "END")
        }
        // The same data directory in the plain console: the saved value is read from the store.
        let again = try start(directory, subcommand: "console", waitFor: "Devices 10")
        defer { again.close() }
        try again.send("/")
        try again.type("meter-003")
        try again.waitFor(text: "Devices /meter-003 1")
        try again.send("Enter", "Enter", "l", "l")
        try again.waitFor(text: "Lifetime (s)")
        let screen = try again.screen()
        let line = screen.split(separator: "\n").first { $0.contains("Lifetime (s)") }.map(String.init) ?? ""
        #expect(line.contains("3600"), "stored lifetime after restart: \(line)")
    }

    @Test func importWithBadRowsShowsCountsAndWritesTheFailedRowsFile() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let csv = directory.path + "/more.csv"
        try """
            endpoint id;securityMode;lwm2m server uri;lwm2m psk_id;lwm2m psk_key
            extra-1;NO_SEC;coap://127.0.0.1:5783;;
            extra-2;NO_SEC;coap://127.0.0.1:5783;;
            extra-3;TLS;coap://127.0.0.1:5783;;
            extra-4;PSK;coaps://127.0.0.1:5784;;

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let session = try start(directory)
        defer { session.close() }
        try session.send("i")
        try session.type(csv)
        try session.send("Enter")
        let summary = try session.waitFor(text: "rows 4   valid 2   refused 2")
        #expect(summary.contains("line 4: column securityMode"))
        #expect(summary.contains("line 5: column lwm2m psk_id"))
        try session.send("Enter")
        let result = try session.waitFor(text: "Imported 2   failed 2")
        #expect(result.contains("more.csv.failed.csv"))
        let failed = try String(contentsOfFile: csv + ".failed.csv", encoding: .utf8)
        #expect(failed.contains("extra-3") && failed.contains("extra-4"))
        #expect(!failed.contains("extra-1") && !failed.contains("extra-2"))
        try session.send("Enter")
        try session.waitFor(text: "Devices 12")
    }

    @Test func anEngineAlarmArrivingDoesNotMoveFocus() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory)
        defer { session.close() }
        // The duplicate's alarm can land after the last registration: count from it.
        try session.waitFor(text: "▲1 MAJOR")
        try session.send("j", "Enter")
        let before = try session.waitFor(text: "┏ meter-002")
        #expect(before.contains("▲1 MAJOR"))
        // A PSK device registering on the plain port: the engine refuses it with a MAJOR alarm.
        guard let port = Self.serverPort(in: before) else {
            Issue.record("no server port in the header: \(before.split(separator: "\n").first ?? "")")
            return
        }
        let output = try Self.coapClient(["-m", "post", "-e", "</3/0>", "-B", "10", "coap://127.0.0.1:\(port)/rd?ep=pump-psk-01&lt=300&lwm2m=1.1"])
        #expect(output.contains("4.03"), "coap-client said: \(output)")
        let after = try session.waitFor(text: "▲2 MAJOR", timeout: 10)
        #expect(after.contains("┏ meter-002"), "Details keeps focus and the selected device")
        #expect(after.contains("┌ Alarms 2"), "the Alarms pane did not take focus")
    }

    @Test func resizeTooSmallAndBack() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory, columns: 80, rows: 24)
        defer { session.close() }
        try session.resize(columns: 100, rows: 30)
        let wide = try session.waitFor(text: "[Info] External IDs")
        #expect(wide.contains("valve-psk-01"))
        try session.resize(columns: 60, rows: 15)
        let small = try session.waitFor(text: "terminal too small (needs 80×24)")
        #expect(small.contains("now 60×15"))
        try session.resize(columns: 80, rows: 24)
        let back = try session.waitFor(text: "Devices 10")
        #expect(!back.contains("too small"))
    }

    @Test func noColorSendsNoColourEscapesAndQuitRestoresTheTerminal() throws {
        let directory = try DataDirectory()
        defer { directory.remove() }
        let session = try start(directory, environment: ["NO_COLOR": "1"])
        defer { session.close() }
        let plain = try session.screen(escapes: true)
        #expect(plain.contains("meter-001"))
        let colours = ConsoleEndToEndTests.colourParameters(in: plain)
        #expect(colours.isEmpty, "colour SGR parameters with NO_COLOR: \(colours)")
        try session.send("q")
        let screen = try session.waitFor(text: "END", timeout: 10)
        #expect(screen.contains("EXIT=0"))
        let modes = screen.split(separator: "\n").first { $0.contains("icanon") }.map(String.init) ?? ""
        #expect(modes.split(separator: " ").sorted() == ["echo", "icanon", "icrnl", "isig", "opost"], "terminal modes after quit: \(modes)")
        #expect(!screen.contains("Devices 10"), "the alternate screen was left")
    }

    @Test func demoWithoutDataDirRemovesItsTemporaryDirectory() throws {
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) demo \(Self.freePorts); \(Self.afterExit)")
        defer { session.close() }
        let screen = try session.waitFor(text: "10 online", timeout: 20)
        #expect(screen.contains("Devices 10"))
        let pid = try session.panePID()
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        let demo = children.split(separator: " ").first.map(String.init) ?? ""
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(demo)/fd")) ?? []
        let dataDir = files.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(demo)/fd/\($0)") }
            .first { $0.hasPrefix("/tmp/lwm2m-demo-") }.map { ($0 as NSString).deletingLastPathComponent }
        // Checked below; removed here whatever happens (a failed wait kills the demo with SIGKILL,
        // which leaves the directory behind by design).
        defer { if let dataDir { try? FileManager.default.removeItem(atPath: dataDir) } }
        try session.send("q")
        let end = try session.waitFor(text: "END", timeout: 10)
        #expect(end.contains("EXIT=0"))
        #expect(dataDir != nil, "the demo's temporary directory was not found among its open files")
        if let dataDir {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: dataDir)) ?? []
            #expect(!FileManager.default.fileExists(atPath: dataDir), "\(dataDir) left behind with \(left)")
        }
    }

    /// The LwM2M server port from the header ("●engine up 5783/5784 bs …").
    static func serverPort(in screen: String) -> Int? {
        guard let range = screen.range(of: "●engine up ") else { return nil }
        return Int(screen[range.upperBound...].prefix { $0.isNumber })
    }

    /// Runs Debian's `coap-client-notls` with a hard 15 s limit; returns stdout and stderr.
    static func coapClient(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["15", "coap-client-notls"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
