import Foundation
import Glibc
import Testing

/// `serve` as a real daemon (ephemeral ports) with the CLI and an attached console that use the
/// control protocol's `reloadKeys` and `registration`: an import is served without a restart, and
/// an attached console shows what an embedded one shows.
@Suite("serve + reloadKeys + registration end to end", .serialized)
struct ServeAttachedEndToEndTests {
    @Test func importWhileServeRunsLetsANewPSKDeviceRegisterWithoutARestart() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let first = directory.path + "/first.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-1;NO_SEC;coap://127.0.0.1:5783\n".write(toFile: first, atomically: true, encoding: .utf8)
        let seeded = try CLIRun(binary, ["import", first, "--data-dir", directory.path])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(!seeded.stdout.contains("reloaded"), "no engine runs yet: \(seeded.stdout)")

        let daemon = try ServeDaemon(binary: binary, directory: directory.path)
        defer { daemon.stop() }

        // A PSK device with an ASCII key (coap-client's -k takes the key as text).
        let key = "late-ascii-key-1"
        let hexKey = key.utf8.map { String(format: "%02x", $0) }.joined()
        let csv = directory.path + "/late.csv"
        try "endpoint id;securityMode;lwm2m server uri;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key\n"
            .appending("late-psk;PSK;coaps://127.0.0.1:\(daemon.ports.serverDTLS);late-psk-id;\(hexKey);late-psk-bs;\(hexKey)\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try CLIRun(binary, ["import", csv, "--data-dir", directory.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("The running engine reloaded its keys"), "\(imported.stdout)")
        #expect(imported.stderr.isEmpty, "\(imported.stderr)")

        let client = try CLIRun("/usr/bin/coap-client-gnutls", [
            "-v", "7", "-B", "10", "-u", "late-psk-id", "-k", key, "-m", "post",
            "coaps://127.0.0.1:\(daemon.ports.serverDTLS)/rd?ep=late-psk&lt=120&lwm2m=1.1&b=U", "-e", "</1/0>,</3/0>",
        ], limit: 20)
        #expect(client.output.contains("2.01"), "coap-client-gnutls did not register:\n\(client.output)")

        // The live registration, through the new CLI (the same daemon: it never restarted).
        let shown = try CLIRun(binary, ["registration", "late-psk", "--data-dir", directory.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("registered as late-psk"), "\(shown.stdout)")
        #expect(shown.stdout.contains("address         coaps://127.0.0.1:"), "\(shown.stdout)")
        #expect(shown.stdout.contains("/3              Device: instances 0"), "\(shown.stdout)")
        let json = try CLIRun(binary, ["registration", "late-psk", "--json", "--data-dir", directory.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(document["registered"] as? Bool == true)
        #expect((document["registration"] as? [String: Any])?["lifetime"] as? Int == 120)
        // A device that exists but is not registered: exit 1 and why.
        let absent = try CLIRun(binary, ["registration", "plant-1", "--data-dir", directory.path])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("device 'plant-1' (endpoint plant-1) is not registered now"), "\(absent.stderr)")
        #expect(daemon.isRunning, "the daemon stopped during the test")

        // Deleting the device reloads too: the identity is no longer served.
        let deleted = try CLIRun(binary, ["devices", "delete", "late-psk", "--data-dir", directory.path])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("The running engine reloaded its keys"), "\(deleted.stdout)")
    }

    @Test func anImportFromAnAttachedConsoleIsServedByTheDaemonAtOnce() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let first = directory.path + "/first.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-1;NO_SEC;coap://127.0.0.1:5783\n".write(toFile: first, atomically: true, encoding: .utf8)
        #expect(try CLIRun(binary, ["import", first, "--data-dir", directory.path]).status == 0)
        let daemon = try ServeDaemon(binary: binary, directory: directory.path)
        defer { daemon.stop() }
        let key = "console-key-0001"
        let hexKey = key.utf8.map { String(format: "%02x", $0) }.joined()
        let csv = directory.path + "/late.csv"
        try "endpoint id;securityMode;lwm2m server uri;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key\n"
            .appending("con-psk;PSK;coaps://127.0.0.1:\(daemon.ports.serverDTLS);con-psk-id;\(hexKey);con-psk-bs;\(hexKey)\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)

        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) --data-dir \(TmuxSession.quote(directory.path)); echo \"EXIT=$?\"; echo END")
        defer { session.close() }
        try session.waitFor(text: "●engine attached", timeout: 15)
        try session.send("i")
        try session.type(csv)
        try session.send("Enter")
        try session.waitFor(text: "rows 1   valid 1   refused 0")
        try session.send("Enter")
        let result = try session.waitFor(text: "Imported 1   failed 0")
        #expect(!result.contains("could not reload"), "\(result)")

        let client = try CLIRun("/usr/bin/coap-client-gnutls", [
            "-v", "7", "-B", "10", "-u", "con-psk-id", "-k", key, "-m", "post",
            "coaps://127.0.0.1:\(daemon.ports.serverDTLS)/rd?ep=con-psk&lt=120&lwm2m=1.1&b=U", "-e", "</1/0>,</3/0>",
        ], limit: 20)
        #expect(client.output.contains("2.01"), "the daemon did not serve the console's import:\n\(client.output)")
        try session.send("Enter", "q")
        try session.waitFor(text: "END")
    }

    @Test func importWhileAConsoleEmbedsTheEngineReloadsThatEngine() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let first = directory.path + "/first.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-1;NO_SEC;coap://127.0.0.1:5783\n".write(toFile: first, atomically: true, encoding: .utf8)
        #expect(try CLIRun(binary, ["import", first, "--data-dir", directory.path]).status == 0)
        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) --data-dir \(TmuxSession.quote(directory.path)) \(DemoEndToEndTests.freePorts); echo \"EXIT=$?\"; echo END")
        defer { session.close() }
        let header = try session.waitFor("the embedded engine's ports", timeout: 20) { $0.contains("●engine up ") && $0.contains(" bs ") }
        let ports = try #require(header.split(separator: "\n").first.flatMap { line -> [Int]? in
            guard let range = line.range(of: "●engine up ") else { return nil }
            let numbers = line[range.upperBound...].prefix { $0.isNumber || $0 == "/" }.split(separator: "/").compactMap { Int($0) }
            return numbers.count == 2 ? numbers : nil
        }, "no server ports in the header: \(header)")

        let key = "embedded-key-001"
        let hexKey = key.utf8.map { String(format: "%02x", $0) }.joined()
        let csv = directory.path + "/late.csv"
        try "endpoint id;securityMode;lwm2m server uri;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key\n"
            .appending("emb-psk;PSK;coaps://127.0.0.1:\(ports[1]);emb-psk-id;\(hexKey);emb-psk-bs;\(hexKey)\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try CLIRun(binary, ["import", csv, "--data-dir", directory.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("The running engine reloaded its keys"), "\(imported.stdout)\(imported.stderr)")
        let client = try CLIRun("/usr/bin/coap-client-gnutls", [
            "-v", "7", "-B", "10", "-u", "emb-psk-id", "-k", key, "-m", "post",
            "coaps://127.0.0.1:\(ports[1])/rd?ep=emb-psk&lt=120&lwm2m=1.1&b=U", "-e", "</1/0>,</3/0>",
        ], limit: 20)
        #expect(client.output.contains("2.01"), "coap-client-gnutls did not register with the console's engine:\n\(client.output)")
        try session.send("q")
        let after = try session.waitFor(text: "END")
        #expect(after.contains("EXIT=0"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/control.sock"), "the console left control.sock behind")
    }

    @Test func whenTheEngineCannotReloadTheImportStillSucceedsAndSaysSoOnStderr() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        // A listener on control.sock that accepts and never answers: a wedged engine.
        let socketPath = directory.path + "/control.sock"
        let listener = try SilentUnixListener(path: socketPath)
        defer { listener.close() }
        let csv = directory.path + "/devices.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-9;NO_SEC;coap://127.0.0.1:5783\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let started = Date()
        let imported = try CLIRun(binary, ["import", csv, "--data-dir", directory.path], limit: 30)
        #expect(imported.status == 0, "the store change stands: \(imported.stderr)")
        #expect(imported.stdout.contains("created 1"), "\(imported.stdout)")
        #expect(imported.stderr.contains("could not reload its keys: the engine did not answer within 10 s"), "\(imported.stderr)")
        #expect(Date().timeIntervalSince(started) < 25)
    }

    @Test func anAttachedConsoleShowsTheObjectsTabOfARegisteredSimulatedDevice() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let csv = directory.path + "/devices.csv"
        try "endpoint id;securityMode;lwm2m server uri\nsim-000001;NO_SEC;coap://127.0.0.1:5783\nplant-2;NO_SEC;coap://127.0.0.1:5783\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try CLIRun(binary, ["import", csv, "--data-dir", directory.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let daemon = try ServeDaemon(binary: binary, directory: directory.path)
        defer { daemon.stop() }
        let simulator = try BackgroundProcess(binary, [
            "simulate", "--devices", "1", "--prefix", "sim", "--bind", "127.0.0.1",
            "--server", "coap://127.0.0.1:\(daemon.ports.server)",
        ], log: directory.path + "/simulate.log")
        defer { simulator.stop() }
        // Registered once the daemon says so (bounded poll of the real CLI).
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(20))
        var registered = false
        while !registered, Date() < deadline {
            registered = try CLIRun(binary, ["registration", "sim-000001", "--data-dir", directory.path]).status == 0
            if !registered { usleep(200_000) }
        }
        #expect(registered, "the simulated device never registered")

        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) --data-dir \(TmuxSession.quote(directory.path)); echo \"EXIT=$?\"; echo END")
        defer { session.close() }
        try session.waitFor(text: "●engine attached", timeout: 15)
        try session.send("/")
        try session.type("sim")
        try session.waitFor(text: "Devices /sim 1")
        try session.send("Enter", "Enter")
        // Info: the registration's fields, from the daemon.
        let info = try session.waitFor(text: "address    coap://127.0.0.1:")
        #expect(info.contains("[Info]"))
        #expect(info.contains("┏ sim-000001") || info.contains("┌ sim-000001"), "the details pane is the device's")
        try session.send("l", "l", "l")
        // The tree from the registration's links, named by the object model (the first rows fit).
        let objects = try session.waitFor(text: "/1/0/0 Short Server ID  [R]")
        #expect(objects.contains("[Objects]"))
        #expect(objects.contains("/1 LwM2M Server"))
        #expect(!objects.contains("No objects registered"))
        // Shell path completion from the registration's links.
        try session.send("Tab")
        try session.type("read /33")
        try session.send("Tab")
        try session.waitFor(text: "read /3303")
        try session.send("C-u", "Escape", "Escape", "q")
        let after = try session.waitFor(text: "END")
        #expect(after.contains("EXIT=0"))
    }
}
