import Foundation
import Glibc
import Testing

/// `config check`, `config show` and `serve --config` through the real binary, with a private
/// HOME and no LWM2M_CONSOLE_* variables from the test runner.
@Suite("config check / show", .serialized)
struct ConfigCommandTests {
    /// A temporary directory that plays HOME and holds the files.
    final class Scratch {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Writes `text` to `name` and returns its path.
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
    }

    /// Runs the binary with `arguments` and `environment` (on top of HOME = scratch), bounded by
    /// `timeout`; stdout and stderr together, with the scratch path written as `$S`.
    static func run(
        _ arguments: [String], in scratch: Scratch, environment: [String: String] = [:], timeout: TimeInterval = 20
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TmuxSession.binary())
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LWM2M_CONSOLE_") && $0.key != "XDG_CONFIG_HOME" && $0.key != "XDG_DATA_HOME" }
        base["HOME"] = scratch.path
        process.environment = base.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("config-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(timeout))
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw HarnessError("lwm2m-console \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text.replacingOccurrences(of: scratch.path, with: "$S"))
    }

    /// `config check` on `text` saved as c.toml: the status and the output.
    private func check(_ text: String) throws -> (status: Int32, output: String) {
        let scratch = try Scratch()
        let file = try scratch.write("c.toml", text)
        return try Self.run(["config", "check", file], in: scratch)
    }

    /// Expects `config check` to refuse `text` with exactly `message` (after `error: $S/`).
    private func expectRefused(_ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try check(text)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.output == "error: $S/c.toml:\(message)\n", sourceLocation: sourceLocation)
    }

    // MARK: check

    @Test func theDocumentedExampleIsAccepted() throws {
        let example = URL(fileURLWithPath: try TmuxSession.binary())
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/config.example.toml")
        let result = try check(try String(contentsOf: example, encoding: .utf8))
        #expect(result.status == 0)
        #expect(result.output == "$S/c.toml: ok (14 settings, 3 key bindings)\n")
    }

    @Test func settingRefusalsNameTheLineAndUseTheFlagsWords() throws {
        try expectRefused("server_port 5783\n", "1: expected \"=\"")
        try expectRefused("# ports\nserver_port = 99999\n", "2: server_port 99999 is not a port (0…65535)")
        try expectRefused("server_port = \"5783\"\n", "1: server_port must be an integer, not a string")
        try expectRefused("\nrequest_timeout = \"soon\"\n", "2: request_timeout soon is not a duration (examples: 500ms, 5s, 1.5s, 2m)")
        try expectRefused("grace = true\n", "1: grace must be a duration like \"5s\" or an integer, not true/false")
        try expectRefused("bind = \"example.org\"\n", "1: bind example.org is not an IPv4 or IPv6 address")
        try expectRefused("queue_limit = 0\n", "1: queue_limit 0 is not a queue limit (1…1000000)")
        try expectRefused("max_firmware_jobs = 0\n", "1: max_firmware_jobs 0 is not a firmware job limit (1…1000000)")
        try expectRefused("server_port = 1\nbind = \"::1\"\nserver_port = 2\n", "3: server_port is given twice (first on line 1)")
        try expectRefused("theme = \"light\"\nsever_port = 1\n", "2: unknown setting \"sever_port\" (settings: data_dir, theme, bind, bootstrap_port, bootstrap_dtls_port, server_port, server_dtls_port, request_timeout, min_request_timeout, max_request_timeout, awake_time, lifetime, grace, queue_limit, max_firmware_jobs)")
        try expectRefused("[engine]\n", "1: unknown section [engine] (settings go at the top of the file; sections: [keys], [keys.CONTEXT])")
    }

    @Test func refusalsAcrossSettingsNameTheFileLine() throws {
        try expectRefused("min_request_timeout = \"20s\"\nmax_request_timeout = \"15s\"\n", "1: min_request_timeout (20000ms) is larger than max_request_timeout (15000ms)")
        try expectRefused("max_request_timeout = 5000\n", "1: the default --min-request-timeout (10000ms) is larger than max_request_timeout (5000ms)")
        try expectRefused("bind = \"127.0.0.1\"\nserver_port = 5683\n", "2: server_port and the default --bootstrap-port are both 5683; each endpoint needs its own port")
        try expectRefused("lifetime = 0\n", "1: lifetime must be at least 1s")
    }

    @Test func keyRefusalsNameTheLineAndTheReason() throws {
        try expectRefused("[keys]\nexplode = \"x\"\n", "2: unknown command \"explode\" (commands: move_down, move_up, top, bottom, page_up, page_down, open, back, next_pane, previous_pane, filter, next_match, previous_match, command, sort, help, quit, refresh, next_tab, previous_tab, import_file, acknowledge, clear_alarm, clear_all_alarms, delete_device, edit, save, reveal, read, write, execute, observe)")
        try expectRefused("[keys]\n\nquit = \"ctlr-q\"\n", "3: unknown key name \"ctlr-q\" (a character, Ctrl-<letter>, Space, Enter, Esc, Tab, Shift-Tab, Backspace, Del, ↑/up, ↓/down, ←/left, →/right, PgUp, PgDn, Home, End) for quit")
        try expectRefused("[keys]\nfilter = [\"/\", \"q\"]\n", "2: key q is bound twice in Everywhere: filter and quit")
        try expectRefused("[keys.alarms]\nclear_alarm = \"a\"\n", "2: key a is bound twice in Alarms: clear_alarm and acknowledge")
        try expectRefused("[keys]\nquit = []\n", "2: quit needs at least one key: it is the only way to quit")
        try expectRefused("[keys]\nhelp = []\n", "2: help needs at least one key: it is the only way to open the help")
        try expectRefused("[keys]\nback = []\n", "2: back needs at least one key: it is the only way to go back or cancel")
        try expectRefused("[keys]\nquit = 5\n", "2: keys for quit must be a key name like \"ctrl-q\" or an array like [\"/\", \"f\"], not an integer")
        try expectRefused("[keys.shell]\n", "1: unknown key context [keys.shell] (contexts: global, devices, details, objects, bootstrap, alarms)")
        try expectRefused("[keys.devices]\nacknowledge = \"A\"\n", "2: acknowledge only works in Alarms: put it under [keys] or [keys.alarms]")
        try expectRefused("[keys]\nquit = \"x\"\n[keys]\n", "3: [keys] is given twice (first on line 1)")
    }

    @Test func checkWithoutAFileChecksTheDefaultOne() throws {
        let scratch = try Scratch()
        let absent = try Self.run(["config", "check"], in: scratch)
        #expect(absent.status == 0)
        #expect(absent.output == "$S/.config/lwm2m-console/config.toml: no such file (the built-in defaults apply)\n")
        try scratch.write(".config/lwm2m-console/config.toml", "[keys]\nquit = []\n")
        let bad = try Self.run(["config", "check"], in: scratch)
        #expect(bad.status == 1)
        #expect(bad.output == "error: $S/.config/lwm2m-console/config.toml:2: quit needs at least one key: it is the only way to quit\n")
    }

    @Test func aMissingExplicitFileIsAnError() throws {
        let scratch = try Scratch()
        let result = try Self.run(["config", "show", "--config", "nope.toml"], in: scratch)
        #expect(result.status == 1)
        #expect(result.output == "error: nope.toml: no such file\n")
        let named = try Self.run(["config", "show"], in: scratch, environment: ["LWM2M_CONSOLE_CONFIG": scratch.path + "/gone.toml"])
        #expect(named.status == 1)
        #expect(named.output == "error: $S/gone.toml: no such file (named by LWM2M_CONSOLE_CONFIG)\n")
    }

    // MARK: show and precedence

    /// The `config show` line for `key` as "value | origin".
    private func shown(_ key: String, in output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(key + " ") }) else { return nil }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 3 else { return nil }
        return words[1] + " | " + words[2...].joined(separator: " ")
    }

    @Test func aMissingDefaultFileIsFineAndDefaultsApply() throws {
        let scratch = try Scratch()
        let result = try Self.run(["config", "show"], in: scratch)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("config file: $S/.config/lwm2m-console/config.toml (not present: defaults apply)\n"))
        #expect(shown("server_port", in: result.output) == "5783 | default")
        #expect(shown("request_timeout", in: result.output) == "180s | default")
        #expect(shown("data_dir", in: result.output) == "$S/.local/share/lwm2m-console | default")
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let scratch = try Scratch()
        try scratch.write(".config/lwm2m-console/config.toml", "server_port = 1111\nbootstrap_port = 1000\nrequest_timeout = 5000\ndata_dir = \"/srv/from-file\"\n")
        let env = ["LWM2M_CONSOLE_SERVER_PORT": "2222", "LWM2M_CONSOLE_REQUEST_TIMEOUT": "7s"]

        let all = try Self.run(["config", "show", "--server-port", "3333"], in: scratch, environment: env)
        #expect(all.status == 0)
        #expect(all.output.hasPrefix("config file: $S/.config/lwm2m-console/config.toml\n"))
        #expect(shown("server_port", in: all.output) == "3333 | flag --server-port")
        #expect(shown("request_timeout", in: all.output) == "7s | env LWM2M_CONSOLE_REQUEST_TIMEOUT")
        #expect(shown("bootstrap_port", in: all.output) == "1000 | file $S/.config/lwm2m-console/config.toml:2")
        #expect(shown("data_dir", in: all.output) == "/srv/from-file | file $S/.config/lwm2m-console/config.toml:4")
        #expect(shown("server_dtls_port", in: all.output) == "5784 | default")

        let noFlag = try Self.run(["config", "show"], in: scratch, environment: env)
        #expect(shown("server_port", in: noFlag.output) == "2222 | env LWM2M_CONSOLE_SERVER_PORT")
        let fileOnly = try Self.run(["config", "show"], in: scratch)
        #expect(shown("server_port", in: fileOnly.output) == "1111 | file $S/.config/lwm2m-console/config.toml:1")
        #expect(shown("request_timeout", in: fileOnly.output) == "5s | file $S/.config/lwm2m-console/config.toml:3")

        // --data-dir and LWM2M_CONSOLE_DATA_DIR keep their meaning over the file.
        let dataDir = try Self.run(["config", "show", "--data-dir", "/srv/flag"], in: scratch, environment: ["LWM2M_CONSOLE_DATA_DIR": "/srv/env"])
        #expect(shown("data_dir", in: dataDir.output) == "/srv/flag | flag --data-dir")
        let dataEnv = try Self.run(["config", "show"], in: scratch, environment: ["LWM2M_CONSOLE_DATA_DIR": "/srv/env"])
        #expect(shown("data_dir", in: dataEnv.output) == "/srv/env | env LWM2M_CONSOLE_DATA_DIR")
    }

    @Test func relativeAndHomePathsInTheFileAreAnchored() throws {
        let scratch = try Scratch()
        let file = try scratch.write("etc/c.toml", "data_dir = \"store\"\n")
        let relative = try Self.run(["config", "show", "--config", file], in: scratch)
        #expect(shown("data_dir", in: relative.output) == "$S/etc/store | file $S/etc/c.toml:1")
        let home = try scratch.write("h.toml", "data_dir = \"~/lwm2m\"\n")
        let underHome = try Self.run(["config", "show", "--config", home], in: scratch)
        #expect(shown("data_dir", in: underHome.output) == "$S/lwm2m | file $S/h.toml:1")
    }

    @Test func fileNamedByTheEnvironmentOrXDGIsRead() throws {
        let scratch = try Scratch()
        let named = try scratch.write("elsewhere.toml", "grace = 60\n")
        let byEnv = try Self.run(["config", "show"], in: scratch, environment: ["LWM2M_CONSOLE_CONFIG": named])
        #expect(shown("grace", in: byEnv.output) == "60s | file $S/elsewhere.toml:1")
        try scratch.write("xdg/lwm2m-console/config.toml", "\nawake_time = 1500\n")
        let byXDG = try Self.run(["config", "show"], in: scratch, environment: ["XDG_CONFIG_HOME": scratch.path + "/xdg"])
        #expect(shown("awake_time", in: byXDG.output) == "1500ms | file $S/xdg/lwm2m-console/config.toml:2")
    }

    @Test func environmentValuesAreCheckedWithTheVariableName() throws {
        let scratch = try Scratch()
        let port = try Self.run(["config", "show"], in: scratch, environment: ["LWM2M_CONSOLE_SERVER_PORT": "abc"])
        #expect(port.status == 1)
        #expect(port.output == "error: LWM2M_CONSOLE_SERVER_PORT abc is not a port (0…65535)\n")
        let clash = try Self.run(["config", "show"], in: scratch, environment: ["LWM2M_CONSOLE_MIN_REQUEST_TIMEOUT": "700s"])
        #expect(clash.output == "error: LWM2M_CONSOLE_MIN_REQUEST_TIMEOUT (700000ms) is larger than the default --max-request-timeout (600000ms)\n")
    }

    @Test func showListsTheRemappedKeys() throws {
        let scratch = try Scratch()
        let file = try scratch.write("keys.toml", "[keys]\nquit = \"ctrl-q\"\nfilter = [\"/\", \"f\"]\n")
        let result = try Self.run(["config", "show", "--config", file], in: scratch)
        #expect(result.status == 0)
        #expect(result.output.contains("  global.quit = Ctrl-Q, Ctrl-C  line 2\n"))
        #expect(result.output.contains("  global.filter = /, f  line 3\n"))
    }

    @Test func otherCommandsReadDataDirFromTheFile() throws {
        let scratch = try Scratch()
        let file = try scratch.write("c.toml", "data_dir = \"\(scratch.path)/store\"\n")
        let result = try Self.run(["devices", "list", "--config", file], in: scratch)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/store"), "devices list opened the store in the file's data_dir")
    }

    // MARK: serve

    /// A UDP port nothing is bound to right now.
    private func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("cannot find a free UDP port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func serveTakesItsPortsAndDataDirFromTheFile() throws {
        let scratch = try Scratch()
        let port = try freePort()
        let file = try scratch.write("serve.toml", """
            data_dir = "\(scratch.path)/data"
            bind = "127.0.0.1"
            bootstrap_port = 0
            bootstrap_dtls_port = 0
            server_port = \(port)
            server_dtls_port = 0
            """)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: try TmuxSession.binary())
        serve.arguments = ["serve", "--config", file, "--log-file", scratch.path + "/serve.log"]
        serve.environment = ["HOME": scratch.path, "PATH": "/usr/bin:/bin"]
        try serve.run()
        defer {
            if serve.isRunning { kill(serve.processIdentifier, SIGKILL) }
            serve.waitUntilExit()
        }
        let log = scratch.path + "/serve.log"
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(15))
        var text = ""
        while !text.contains("serving"), serve.isRunning, Date() < deadline {
            usleep(50_000)
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(text.contains("serving \(scratch.path)/data: "), "serve uses the file's data_dir: \(text)")
        #expect(text.contains(", server \(port)/"), "serve binds the file's server_port: \(text)")

        // An independent peer gets the server's answer on that port (unknown endpoint → 4.03).
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/coap-client-notls")
        client.arguments = ["-B", "5", "-m", "post", "coap://127.0.0.1:\(port)/rd?ep=nobody&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>"]
        let pipe = Pipe()
        client.standardOutput = pipe
        client.standardError = pipe
        try client.run()
        let clientDeadline = Date().addingTimeInterval(LoadFactor.stretch(10))
        while client.isRunning, Date() < clientDeadline { usleep(20_000) }
        if client.isRunning { kill(client.processIdentifier, SIGKILL) }
        client.waitUntilExit()
        let answer = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(answer.contains("4.03"), "coap-client-notls got: \(answer)")

        kill(serve.processIdentifier, SIGTERM)
        let stop = Date().addingTimeInterval(LoadFactor.stretch(15))
        while serve.isRunning, Date() < stop { usleep(50_000) }
        #expect(!serve.isRunning)
    }
}
