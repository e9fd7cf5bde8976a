import Foundation
import Glibc
import Testing

/// `serve` as a real daemon on a real store, with the console attaching to it through the socket.
@Suite("serve end to end", .serialized)
struct ServeEndToEndTests {
    @Test func consoleAttachesToServeAndSigtermStopsItCleanly() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let csv = directory.path + "/devices.csv"
        try "endpoint id;securityMode;lwm2m server uri\nplant-1;NO_SEC;coap://127.0.0.1:5783\nplant-2;NO_SEC;coap://127.0.0.1:5783\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: binary)
        importer.arguments = ["import", csv, "--data-dir", directory.path]
        importer.standardOutput = FileHandle.nullDevice
        try importer.run()
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)

        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = ["serve", "--data-dir", directory.path, "--bind", "127.0.0.1", "--bootstrap-port", "0",
                           "--bootstrap-dtls-port", "0", "--server-port", "0", "--server-dtls-port", "0", "--log-file", directory.path + "/serve.log"]
        try serve.run()
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        let socket = directory.path + "/control.sock"
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(15))
        while !FileManager.default.fileExists(atPath: socket), Date() < deadline { usleep(50_000) }
        #expect(FileManager.default.fileExists(atPath: socket), "serve did not create its control socket")

        do {
            let session = try TmuxSession(
                columns: 120, rows: 40,
                command: "\(TmuxSession.quote(binary)) --data-dir \(TmuxSession.quote(directory.path)); echo \"EXIT=$?\"; echo END")
            defer { session.close() }
            let screen = try session.waitFor(text: "●engine attached", timeout: 15)
            #expect(screen.contains("Devices 2"))
            #expect(screen.contains("plant-2"))
            try session.send("q")
            let after = try session.waitFor(text: "END")
            #expect(after.contains("EXIT=0"))
        }
        #expect(serve.isRunning, "quitting an attached console leaves the daemon running")

        kill(serve.processIdentifier, SIGTERM)
        let stopDeadline = Date().addingTimeInterval(LoadFactor.stretch(15))
        while serve.isRunning, Date() < stopDeadline { usleep(50_000) }
        #expect(!serve.isRunning, "serve did not stop on SIGTERM")
        if !serve.isRunning {
            #expect(serve.terminationStatus == 0)
            #expect(!FileManager.default.fileExists(atPath: socket), "control.sock left behind")
        }
        let output = (try? String(contentsOfFile: directory.path + "/serve.log", encoding: .utf8)) ?? ""
        #expect(output.contains("serving \(directory.path)"))
        #expect(output.contains("stopped"))
    }
}
