import Foundation
import Glibc
import Testing

/// Drives the real binary (`--fixture` fleet) in tmux. Serialized: each test owns a tmux server.
@Suite("Console end to end (tmux)", .serialized)
struct ConsoleEndToEndTests {
    private func start(columns: Int = 80, rows: Int = 24, arguments: String = "", environment: [String: String] = [:]) throws -> TmuxSession {
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: columns, rows: rows,
            command: "\(TmuxSession.quote(binary)) --fixture \(arguments); echo \"EXIT=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' '; echo; echo END",
            environment: environment
        )
        try session.waitFor(text: "psk_device")
        return session
    }

    @Test func startsAndShowsTheDevices() throws {
        let session = try start()
        defer { session.close() }
        let screen = try session.waitFor(text: "●engine up")
        #expect(screen.contains("Devices 12"))
        #expect(screen.contains("nosec_device"))
        #expect(screen.contains("gateway-a"))
        #expect(screen.contains("▲1 MAJOR"))
    }

    @Test func slashFiltersLive() throws {
        let session = try start()
        defer { session.close() }
        try session.send("/")
        try session.type("nosec")
        let screen = try session.waitFor(text: "Devices /nosec 2")
        #expect(screen.contains("nosec_device"))
        #expect(screen.contains("nosec_dup"))
        #expect(!screen.contains("meter-1 "))
        try session.send("Escape")
        try session.waitFor(text: "Devices 12")
    }

    @Test func enterOpensTheSelectedDevice() throws {
        let session = try start()
        defer { session.close() }
        try session.send("/")
        try session.type("psk_dev")
        try session.waitFor(text: "Devices /psk_dev 1")
        try session.send("Enter", "Enter")
        // Details focused: heavy border around the device's pane, its Info tab shows the endpoint.
        let screen = try session.waitFor(text: "┏ psk_device")
        #expect(screen.contains("endpoint   psk_device"))
        try session.send("l", "l")
        try session.waitFor(text: "••••a1b2")
    }

    @Test func shellReadShowsTheDecodedManufacturer() throws {
        let session = try start()
        defer { session.close() }
        try session.send("Tab", "Tab")
        try session.type("read /3/0/0")
        try session.send("Enter")
        try session.waitFor(text: "/3/0/0 Manufacturer = \"Acme\"")
    }

    @Test func resizeRedrawsAndTooSmallShowsAMessage() throws {
        let session = try start()
        defer { session.close() }
        try session.resize(columns: 100, rows: 30)
        // 100×30 has room for all 12 rows; the wide characters keep the columns aligned. Wait for
        // that row itself: "[Info] External IDs" is on screen before the resize too.
        let wide = try session.waitFor(text: "┃● sensor-東京            PSK    registered ┃")
        #expect(wide.contains("[Info] External IDs"))
        try session.resize(columns: 60, rows: 15)
        let small = try session.waitFor(text: "terminal too small (needs 80×24)")
        #expect(small.contains("now 60×15"))
        try session.resize(columns: 80, rows: 24)
        let back = try session.waitFor(text: "Devices 12")
        #expect(!back.contains("too small"))
    }

    @Test func noColorSendsNoColourEscapes() throws {
        let colour = try start()
        let coloured = try colour.waitFor("colour escapes", escapes: true) { $0.contains("\u{1B}[38;") || $0.contains("\u{1B}[3") }
        colour.close()
        #expect(coloured.contains("psk_device"))

        let session = try start(environment: ["NO_COLOR": "1"])
        defer { session.close() }
        let plain = try session.screen(escapes: true)
        #expect(plain.contains("psk_device"))
        let colours = Self.colourParameters(in: plain)
        #expect(colours.isEmpty, "colour SGR parameters with NO_COLOR: \(colours)")
        #expect(!Self.colourParameters(in: coloured).isEmpty, "the same check finds colours without NO_COLOR")
        #expect(plain.contains("\u{1B}[1m") || plain.contains("\u{1B}[7m"), "attributes (bold/reverse) still used")
    }

    /// SGR parameters that set a colour (30–37, 40–47, 90–97, 100–107, 38/48 extended); 39/49 are "default".
    static func colourParameters(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !("0"..."9").contains($0) && $0 != ";" }) else { break }
            if rest[end] == "m" {
                for parameter in rest[..<end].split(separator: ";") {
                    guard let value = Int(parameter) else { continue }
                    if (30...37).contains(value) || (40...47).contains(value) || (90...97).contains(value) || (100...107).contains(value) || value == 38 || value == 48 {
                        found.append(String(rest[..<end]))
                        break
                    }
                }
            }
            rest = rest[end...]
        }
        return found
    }

    @Test func quitRestoresTheTerminal() throws {
        let session = try start()
        defer { session.close() }
        try session.send("q")
        let screen = try session.waitFor(text: "END")
        #expect(screen.contains("EXIT=0"))
        let modes = screen.split(separator: "\n").first { $0.contains("icanon") }.map(String.init) ?? ""
        #expect(modes.split(separator: " ").sorted() == ["echo", "icanon", "icrnl", "isig", "opost"], "terminal modes after quit: \(modes)")
        #expect(!screen.contains("Devices 12"), "the alternate screen was left")
    }

    @Test func interruptSignalRestoresTheTerminal() throws {
        let session = try start()
        defer { session.close() }
        // Ctrl-C arrives as a key in raw mode and quits cleanly.
        try session.send("C-c")
        let screen = try session.waitFor(text: "END")
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("icanon") && !screen.contains("-icanon"))
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT])
    func signalRestoresTheTerminal(signal: Int32) throws {
        let session = try start()
        defer { session.close() }
        let shell = try session.panePID()
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        let console = children.split(separator: " ").compactMap { pid_t($0) }
        try #require(console.count == 1, "the pane's shell runs exactly the console, found \(children.debugDescription)")
        kill(console[0], signal)
        let screen = try session.waitFor(text: "END")
        #expect(screen.contains("EXIT=\(128 + signal)"), "exit status 128 + signal")
        let modes = screen.split(separator: "\n").first { $0.contains("icanon") }.map(String.init) ?? ""
        #expect(modes.split(separator: " ").sorted() == ["echo", "icanon", "icrnl", "isig", "opost"], "terminal modes after signal \(signal): \(modes)")
    }

    @Test func themeSwitchesLiveAndABadThemeFallsBackWithFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-e2e-\(UUID().uuidString)")
        let themes = directory.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name = \"bad\"\n[roles]\n\"pane.glow\" = { bold = true }\n".write(to: themes.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        let session = try start(columns: 120, rows: 40, arguments: "--data-dir \(TmuxSession.quote(directory.path)) --theme bad")
        defer { session.close() }
        try session.waitFor(text: "bad.toml:3: unknown role \"pane.glow\"")
        try session.send(":")
        try session.type("theme light")
        try session.send("Enter")
        try session.waitFor(text: "Theme light")
    }

    @Test func importWithBadRowsShowsCountsAndTheFailedRowsFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("fleet.csv")
        try "endpoint,security,psk_identity,psk_key\nnew-1,NO_SEC,,\nnew-2,PSK,new-2,a1b2c3\n,PSK,x,00\nnew-3,TLS,,\n".write(to: csv, atomically: true, encoding: .utf8)
        let session = try start(columns: 120, rows: 40)
        defer { session.close() }
        try session.send("i")
        try session.type(csv.path)
        try session.send("Enter")
        let summary = try session.waitFor(text: "rows 4   valid 2   refused 2")
        #expect(summary.contains("line 4: endpoint is empty"))
        try session.send("Enter")
        let result = try session.waitFor(text: "Imported 2   failed 2")
        #expect(result.contains("Failed rows written to"))
        #expect(result.contains("fleet.csv.failed.csv"))
        let failed = try String(contentsOf: URL(fileURLWithPath: csv.path + ".failed.csv"), encoding: .utf8)
        #expect(failed == "endpoint,security,psk_identity,psk_key\n,PSK,x,00\nnew-3,TLS,,\n")
        try session.send("Enter")
        try session.waitFor(text: "Devices 14")
    }

    @Test func bootstrapFormRefusesAnInvalidValueAndSavesAValidOne() throws {
        let session = try start(columns: 120, rows: 40)
        defer { session.close() }
        try session.send("/")
        try session.type("psk_dev")
        try session.waitFor(text: "Devices /psk_dev 1")
        try session.send("Enter", "Enter", "l", "l")
        try session.waitFor(text: "[Bootstrap]")
        // The form exists only once the device's details arrived: an `e` before that is ignored
        // and the Tabs would move focus between panes instead of fields.
        try session.waitFor(text: "Lifetime (s)    432000")
        try session.send("e", "Tab", "Tab", "Tab", "Tab", "Tab", "C-u")
        try session.type("soon")
        try session.waitFor(text: "✗ must be a whole number of seconds ≥ 1")
        try session.send("C-s")
        try session.waitFor(text: "Not saved: 1 field is invalid")
        try session.send("C-u")
        try session.type("3600")
        try session.send("C-s")
        try session.waitFor(text: "Bootstrap parameters saved")
        // Leave and come back: the saved value is what the runner now returns.
        try session.send("Escape", "Escape", "/")
        try session.type("meter-1")
        try session.waitFor(text: "Devices /meter-1 1")
        try session.send("Escape", "/")
        try session.type("psk_dev")
        // Enter opens the highlighted row: wait until the filtered list is the one on screen.
        try session.waitFor(text: "Devices /psk_dev 1")
        try session.send("Enter", "Enter")
        try session.waitFor(text: "Lifetime (s)    3600")
    }

    @Test func aTimeoutOnAnOfflineDeviceShowsTheOperationBackInPending() throws {
        let session = try start(columns: 120, rows: 40)
        defer { session.close() }
        try session.send("/")
        try session.type("nosec_dev")
        try session.waitFor(text: "Devices /nosec_dev 1")
        try session.send("Enter", "Enter", "Tab")
        // The request stays PENDING for the whole timeout: 5 s, so a capture slowed down by a
        // loaded machine still sees it (with 1 s a poll could miss the state entirely).
        try session.type("read /3/0/0 --timeout 5")
        try session.send("Enter")
        try session.waitFor(text: "PENDING (device offline, queued)")
        try session.waitFor(text: "TIMEOUT after 5 s · back in PENDING")
    }

    @Test func anArrivingAlarmDoesNotMoveFocus() throws {
        // The alarm must come after the focus moved: 8 s leaves room for a slow start under load.
        let session = try start(arguments: "--fixture-alarm-after 8")
        defer { session.close() }
        try session.send("j", "j", "Enter")
        let before = try session.waitFor(text: "┏ meter-2")
        #expect(!before.contains("unavailable"), "the alarm must arrive after the focus moved for this test to mean anything")
        let after = try session.waitFor(text: "▲1 CRITICAL", timeout: 15)
        #expect(after.contains("┏ meter-2"), "Details keeps focus and the selected device")
        #expect(after.contains("┌ Alarms 3"), "the Alarms pane did not take focus")
    }
}
