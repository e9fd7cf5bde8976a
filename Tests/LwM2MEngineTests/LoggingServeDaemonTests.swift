import DeviceStore
import Foundation
import Testing
@testable import LwM2MEngine

/// VERBOSE end to end through the real binaries: a `serve` daemon on a real store, `devices
/// log-level` through its control socket, `events --follow`, and Debian's libcoap client as the
/// device.
@Suite("Logging: VERBOSE through a real `serve` daemon", .serialized, .timeLimit(.minutes(2)))
struct LoggingServeDaemonTests {
    static let notls = "/usr/bin/coap-client-notls"

    /// Waits (bounded, polling every 50 ms) until `condition` holds.
    static func waitUntil(within seconds: Double = 15, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("`devices log-level plant-1 VERBOSE` through the daemon; a libcoap Register and its 2.01 show in `events --follow` and the store")
    func verboseThroughDaemon() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ControlSocketCLITests.binaryPath), "run `swift build` first")
        try #require(ProcessRunner.available(Self.notls), "coap-client-notls (libcoap3-bin) is missing")
        let directory = try ControlSocketTempDirectory()
        let data = ["--data-dir", directory.path]
        let csv = directory.path + "/devices.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-1;NO_SEC;coap://127.0.0.1:5783\nplant-2;NO_SEC;coap://127.0.0.1:5783\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await ControlSocketCLITests.run(["import", csv] + data)
        #expect(imported.status == 0, "\(imported.stderr)")

        let serve = try ControlSocketCLIProcess(["serve", "--bind", "127.0.0.1", "--bootstrap-port", "0", "--bootstrap-dtls-port", "0",
                                                 "--server-port", "0", "--server-dtls-port", "0", "--log-file", directory.path + "/serve.log"] + data)
        var follow: ControlSocketCLIProcess?
        do {
            #expect(await Self.waitUntil { FileManager.default.fileExists(atPath: directory.path + "/control.sock") }, "serve did not start")
            let status = try await ControlSocketCLITests.run(["events"] + data)
            // "status  running  bootstrap B/BD  server P/PD  …"
            let words = status.stdout.split(separator: " ", omittingEmptySubsequences: true)
            let serverPorts = try #require(words.firstIndex(of: "server").map { words[$0 + 1] }, "\(status.stdout)")
            let port = try #require(serverPorts.split(separator: "/").first.flatMap { Int($0) })

            let set = try await ControlSocketCLITests.run(["devices", "log-level", "plant-1", "VERBOSE"] + data)
            #expect(set.stdout == "Log level of 'plant-1' set to VERBOSE (in effect now in the running engine).\n", "\(set.stderr)")

            let watcher = try ControlSocketCLIProcess(["events", "--follow"] + data)
            follow = watcher
            // The follower has subscribed once a change made through the daemon shows in it
            // (each `loglevel` submitted is an operation event); retried, bounded.
            var subscribed = false
            for _ in 0..<10 where !subscribed {
                _ = try await ControlSocketCLITests.run(["devices", "log-level", "plant-2", "LIFECYCLE"] + data)
                subscribed = await Self.waitUntil(within: 1) { watcher.stdoutSoFar.contains("loglevel LIFECYCLE") }
            }
            #expect(subscribed, "events --follow never showed an event")

            let answer = try await ProcessRunner.run(Self.notls, [
                "-B", "5", "-m", "post", "coap://127.0.0.1:\(port)/rd?ep=plant-1&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>,</3/0>",
            ])
            #expect(!answer.contains("4.03"), "coap-client said: \(answer)")
            #expect(await Self.waitUntil {
                let text = watcher.stdoutSoFar
                return text.contains("CoAP  t-default/plant-1 ep=plant-1  received CON POST")
                    && text.contains("CoAP  t-default/plant-1 ep=plant-1  sent ACK 2.01 Created")
            }, "events --follow printed: \(watcher.stdoutSoFar)")
            let lines = watcher.stdoutSoFar.split(separator: "\n").filter { $0.contains("  CoAP  ") }
            #expect(lines.first?.contains("Uri-Query=ep=plant-1&lt=60&lwm2m=1.1&b=U") == true, "\(lines)")
            #expect(lines.allSatisfy { $0.contains("plant-1") }, "only the VERBOSE device is logged")

            // Stored as well (the daemon's write-behind flush).
            let store = try DeviceStore(directory: directory.path)
            #expect(await Self.waitUntil {
                ((try? store.events(tenant: "t-default", deviceID: "plant-1", limit: 50)) ?? []).contains { $0.type == "lwm2m_CoAP" }
            })
            kill(serve.process.processIdentifier, SIGTERM)
            #expect(await Self.waitUntil { !serve.process.isRunning }, "serve did not stop on SIGTERM")
        } catch {
            Issue.record("\(error)")
        }
        follow?.finish()
        serve.finish()
    }
}
