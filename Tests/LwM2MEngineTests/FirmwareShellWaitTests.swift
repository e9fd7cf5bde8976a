import Foundation
import Testing
@testable import LwM2MEngine

/// `lwm2m-console shell DEVICE 'fwupdate …'` (the real binary, stand-in engine): it follows a
/// job that outlasts its operations' timeouts as long as progress comes, prints the progress
/// lines as they come, and exits by the outcome.
@Suite("shell: following a firmware job", .serialized, .timeLimit(.minutes(2)))
struct FirmwareShellWaitTests {
    /// Runs `shell` for `device` while emitting EXECUTING, four progress texts 3 s apart (12 s:
    /// more than the 5 s timeout + 2 s the CLI waits without progress), then `final`.
    func follow(_ device: String, final: OperationStatus) async throws -> ControlSocketCLITests.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: ControlSocketCLITests.binaryPath), "run `swift build` first")
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        await engine.script(device) { submitted in
            submitted.map { operation in
                var executing = operation
                executing.status = .executing
                executing.attempts = 1
                return .operation(executing)
            }
        }
        let running = try ControlSocketCLIProcess(["shell", device, "fwupdate acme;2.0;coap://127.0.0.1/fw/x", "--data-dir", directory.path])
        defer { running.finish() }
        await engine.waitForSubscribers(1)
        let ref = DeviceRef(tenant: "t-default", id: device)
        var snapshot = ControlSocketTestEngine.snapshot(OperationID(101), device: ref, line: "fwupdate acme;2.0;coap://127.0.0.1/fw/x", status: .executing)
        for text in ["PULL block 1/48 (2%)", "PULL block 24/48 (50%)", "PULL block 48/48 (100%)", "downloaded, updating"] {
            try await Task.sleep(for: .seconds(3))
            // The CLI is still waiting although 7 s passed without an end.
            #expect(running.process.isRunning, "shell gave up before the job ended: \(running.stderrSoFar)")
            snapshot.progress = text
            await engine.emit(.operation(snapshot))
        }
        var done = ControlSocketTestEngine.snapshot(OperationID(101), device: ref, line: snapshot.line, status: final)
        if final == .failed { done.failureReason = "the update failed: result 8 (firmware update failed)" }
        await engine.emit(.operation(done))
        try await withControlSocketTimeout(20) {
            while running.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        }
        let outcome = running.finish()
        await server.stop()
        return outcome
    }

    @Test("a job longer than timeout + 2 s with progress: progress lines printed in order, exit 0 on SUCCESSFUL")
    func followsToSuccess() async throws {
        let outcome = try await follow("fw-ok", final: .successful)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(4)) == [
            "#101 EXECUTING  PULL block 1/48 (2%)",
            "#101 EXECUTING  PULL block 24/48 (50%)",
            "#101 EXECUTING  PULL block 48/48 (100%)",
            "#101 EXECUTING  downloaded, updating",
        ], "\(outcome.stdout)")
        #expect(lines.dropFirst(4).first?.hasPrefix("#101 fwupdate acme;2.0;coap://127.0.0.1/fw/x  SUCCESSFUL") == true, "\(outcome.stdout)")
    }

    @Test("the same job ending FAILED: exit 1 with the reason")
    func followsToFailure() async throws {
        let outcome = try await follow("fw-bad", final: .failed)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("the update failed: result 8"), "\(outcome.stdout)")
        #expect(outcome.stderr == "error: 1 of 1 operation(s) FAILED\n")
    }
}
