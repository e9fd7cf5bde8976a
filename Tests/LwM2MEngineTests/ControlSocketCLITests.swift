import Foundation
import Testing
@testable import LwM2MEngine

/// The real `lwm2m-console shell` and `events` binaries against a control server in this test
/// process, serving the stand-in engine: tests the CLI's use of the socket, not the engine.
@Suite("shell / events CLI over the control socket (stand-in engine)", .timeLimit(.minutes(2)))
struct ControlSocketCLITests {
    /// The debug binary `swift build` produces, found from this file's path.
    static var binaryPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/lwm2m-console").path
    }

    /// A finished child: exit status and output.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary to completion (killed after 20 s).
    static func run(_ arguments: [String]) async throws -> Outcome {
        let running = try ControlSocketCLIProcess(arguments)
        do {
            try await withControlSocketTimeout(20) {
                while running.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            }
        } catch {
            running.finish()  // kills it: never leave a child behind
            throw error
        }
        return running.finish()
    }

    /// Scripts where each submitted operation goes EXECUTING, then `final`.
    static func script(_ final: @escaping @Sendable (OperationSnapshot) -> OperationSnapshot)
        -> @Sendable ([OperationSnapshot]) -> [EngineEvent]
    {
        { submitted in
            submitted.flatMap { operation -> [EngineEvent] in
                var executing = operation
                executing.status = .executing
                executing.attempts = 1
                return [.operation(executing), .operation(final(executing))]
            }
        }
    }

    func started() async throws -> (ControlSocketTempDirectory, ControlSocketTestEngine, ControlServer) {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binaryPath), "run `swift build` first: \(Self.binaryPath)")
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        return (directory, engine, server)
    }

    @Test("shell without a daemon exits 1 saying no engine is running")
    func shellWithoutDaemon() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binaryPath), "run `swift build` first")
        let directory = try ControlSocketTempDirectory()
        let outcome = try await Self.run(["shell", "d1", "read /3/0/0", "--data-dir", directory.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: no engine is running for \(directory.path); start `lwm2m-console serve`\n")
    }

    @Test("shell prints the results and exits 0 when every operation succeeds; --timeout reaches lines without their own")
    func shellSuccess() async throws {
        let (directory, engine, server) = try await started()
        await engine.script("d1", Self.script { operation in
            var done = ControlSocketTestEngine.snapshot(operation.id, device: operation.device, line: operation.line, status: .successful)
            done.resultLines = ["\(operation.line.split(separator: " ")[1]) = \"ok\""]
            return done
        })
        let outcome = try await Self.run(["shell", "d1", "read /3/0/0\n# note\nread /3/0/1 --timeout 1s", "--timeout", "5s", "--data-dir", directory.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            #101 read /3/0/0 --timeout 5s  SUCCESSFUL  2.05 Content  ct=112  42 ms
              /3/0/0 = "ok"
            #102 read /3/0/1 --timeout 1s  SUCCESSFUL  2.05 Content  ct=112  42 ms
              /3/0/1 = "ok"

            """)
        #expect(await engine.calls.contains(.submit(DeviceRef(tenant: "t-default", id: "d1"), "read /3/0/0 --timeout 5s\n# note\nread /3/0/1 --timeout 1s")))
        await server.stop()
    }

    @Test("shell --json prints the final OperationSnapshots")
    func shellJSON() async throws {
        let (directory, engine, server) = try await started()
        await engine.script("d1", Self.script { operation in
            ControlSocketTestEngine.snapshot(operation.id, device: operation.device, line: operation.line, status: .successful)
        })
        let outcome = try await Self.run(["shell", "d1", "read /3/0/0", "--json", "--tenant", "t-default", "--data-dir", directory.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let printed = try decoder.decode([OperationSnapshot].self, from: Data(outcome.stdout.utf8))
        #expect(printed.map(\.status) == [.successful])
        #expect(printed.first?.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        await server.stop()
    }

    @Test("shell exits 1 when an operation FAILED, and when one is PENDING again after its timeout")
    func shellFailures() async throws {
        let (directory, engine, server) = try await started()
        await engine.script("broken", Self.script { operation in
            var failed = operation
            failed.status = .failed
            failed.responseCode = "4.04 Not Found"
            return failed
        })
        let failed = try await Self.run(["shell", "broken", "read /3/0/9", "--data-dir", directory.path])
        #expect(failed.status == 1)
        #expect(failed.stdout.hasPrefix("#101 read /3/0/9  FAILED  4.04 Not Found"))
        #expect(failed.stderr == "error: 1 of 1 operation(s) FAILED\n")

        await engine.script("asleep", Self.script { operation in
            var pending = operation
            pending.status = .pending
            pending.failureReason = "no answer within 5000 ms"
            return pending
        })
        let pending = try await Self.run(["shell", "asleep", "read /3/0/0", "--data-dir", directory.path])
        #expect(pending.status == 1)
        #expect(pending.stdout.contains("PENDING") && pending.stdout.contains("no answer within 5000 ms"))
        #expect(pending.stderr.contains("still not finished: #102 (read /3/0/0, PENDING after its 5000 ms timeout)"))
        await server.stop()
    }

    @Test("shell reports the engine's refusal with its message")
    func shellRefused() async throws {
        let (directory, _, server) = try await started()
        let outcome = try await Self.run(["shell", "missing", "read /3/0/0", "--data-dir", directory.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: \(ControlSocketTestEngine.missingMessage)\n")
        await server.stop()
    }

    @Test("events --follow ends quietly (exit 0) when whoever reads its output goes away")
    func eventsReaderGone() async throws {
        let (directory, engine, server) = try await started()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["events", "--follow", "--data-dir", directory.path]
        let pipe = Pipe()
        // Close-on-exec at once: the tmux harness of the end-to-end tests spawns with raw
        // posix_spawn, and a tmux server started while this pipe is open would inherit the read
        // end and keep it forever (no EPIPE then, so the follower never ends). The child's stdout
        // is a dup2'd copy, which its exec keeps. (Glibc's pipe2 is not visible from Swift.)
        for descriptor in [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        }
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try await withControlSocketTimeout { await engine.waitForSubscribers(1) }
        try pipe.fileHandleForReading.close()
        try? pipe.fileHandleForWriting.close()
        await engine.emit(.status(EngineStatus(running: true)))
        try await withControlSocketTimeout {
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        await server.stop()
    }

    @Test("events prints the status; events --follow --json prints one line per event as it happens")
    func eventsCommand() async throws {
        let (directory, engine, server) = try await started()
        let status = try await Self.run(["events", "--data-dir", directory.path])
        #expect(status.status == 0)
        #expect(status.stdout == "status  running  bootstrap 5683/5684  server 5783/5784  registered 7  refused 2  open operations 3\n")

        let follower = try ControlSocketCLIProcess(["events", "--follow", "--json", "--data-dir", directory.path])
        defer { follower.finish() }
        try await withControlSocketTimeout { await engine.waitForSubscribers(1) }
        let events = ControlSocketTests.sampleEvents(DeviceRef(tenant: "t-default", id: "d1"))
        for event in events { await engine.emit(event) }
        let lines = try await withControlSocketTimeout {
            while true {
                let lines = follower.stdoutSoFar.split(separator: "\n")
                if lines.count >= events.count { return lines }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(lines.map { $0.prefix(22) } == [
            #"{"lifecycle":{"connect"#, #"{"operation":{"attempt"#, #"{"notification":{"devi"#, #"{"alarm":{"alarmID":9,"#,
            #"{"status":{"bootstrapD"#,
        ])
        #expect(lines.allSatisfy { $0.hasSuffix(#""}"#) })
        #expect(lines[0].hasSuffix(#""type":"lifecycle"}"#))
        #expect(follower.process.isRunning)
        // The daemon stops: the follower ends with an error.
        await server.stop()
        try await withControlSocketTimeout {
            while follower.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(follower.process.terminationStatus == 1)
        #expect(follower.stderrSoFar == "error: the engine for \(directory.path) stopped\n")
    }
}
