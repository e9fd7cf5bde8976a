import Foundation
import Testing
@testable import LwM2MEngine

/// The control socket end to end over a real Unix socket in a temp dir, against a stand-in
/// engine: these test the transport (framing, IDs, errors, streaming), not the engine.
@Suite("Control socket transport (stand-in engine)", .timeLimit(.minutes(1)))
struct ControlSocketTests {
    let device = DeviceRef(tenant: "t-default", id: "d1")

    @Test("transport: every EngineControl call round-trips with its arguments and result")
    func everyCallRoundTrips() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let client = try #require(try await ControlClient.connectIfRunning(dataDirectory: directory.path))

        let status = await client.status()
        #expect(status == (await engine.status()))
        let submitted = try await client.submit(device, text: "read /3/0/0\nread /3/0/1 --timeout 5s")
        #expect(submitted.map(\.line) == ["read /3/0/0", "read /3/0/1 --timeout 5s"])
        #expect(submitted.allSatisfy { $0.status == .pending && $0.device == device && $0.createdAt == ControlSocketTestEngine.fixedTime })
        let cancelled = try await client.cancel(OperationID(7))
        #expect(cancelled.id == OperationID(7) && cancelled.status == .failed && cancelled.failureReason == "cancelled")
        let history = try await client.operations(device, limit: 3)
        #expect(history == (try await engine.operations(device, limit: 3)))
        #expect(history.first?.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        let plan = try await client.bootstrapPlan(device)
        #expect(plan == ["DELETE /", "WRITE /0/0 {\"0\": \"coap://127.0.0.1:5783\"}", "FINISH"])

        let calls = await engine.calls
        #expect(Array(calls.prefix(5)) == [
            .status, .status, .submit(device, "read /3/0/0\nread /3/0/1 --timeout 5s"), .cancel(OperationID(7)), .operations(device, 3),
        ])
        #expect(calls.contains(.bootstrapPlan(device)))
        await client.close()
        await server.stop()
    }

    @Test("transport: many concurrent calls on one connection each get their own answer")
    func concurrentCallsAreMatchedByID() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        let client = try await ControlClient.connect(socketPath: server.socketPath)
        let device = self.device
        let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<200 {
                group.addTask {
                    if index % 10 == 0 {  // errors interleaved with results
                        let failed = (try? await client.submit(ControlSocketTestEngine.missing, text: "read /3/0/\(index)")) == nil
                        return (index, failed ? ["refused"] : [])
                    }
                    return (index, try await client.submit(device, text: "read /3/0/\(index)").map(\.line))
                }
            }
            return try await group.reduce(into: [Int: [String]]()) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 200)
        for (index, lines) in answers {
            #expect(lines == (index % 10 == 0 ? ["refused"] : ["read /3/0/\(index)"]))
        }
        await server.stop()
    }

    @Test("transport: engine errors come back as EngineError with the same message")
    func errorsKeepTheirMessage() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        let client = try await ControlClient.connect(socketPath: server.socketPath)
        let missing = ControlSocketTestEngine.missing
        let expected = EngineError(ControlSocketTestEngine.missingMessage)
        await #expect(throws: expected) { try await client.submit(missing, text: "read /3/0/0") }
        await #expect(throws: expected) { try await client.operations(missing, limit: 10) }
        await #expect(throws: expected) { try await client.bootstrapPlan(missing) }
        await #expect(throws: EngineError("operation -1 does not exist")) { try await client.cancel(OperationID(-1)) }
        // The connection is still good after errors.
        #expect(await client.status().registeredDevices == 7)
        await client.close()
        await server.stop()
    }

    @Test("transport: events stream to two subscribers, in order")
    func eventsReachTwoSubscribers() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let first = try await ControlClient.connect(socketPath: server.socketPath)
        let second = try await ControlClient.connect(socketPath: server.socketPath)
        let streams = [await first.events(), await second.events()]
        #expect(await engine.subscriberCount == 2)
        let sent = Self.sampleEvents(device)
        for event in sent { await engine.emit(event) }
        for stream in streams {
            let received = try await withControlSocketTimeout { await collectControlSocketEvents(stream, count: sent.count) }
            #expect(received == sent)
        }
        await server.stop()
    }

    @Test("transport: a subscriber that disconnects does not hurt the others, and its engine stream ends")
    func disconnectingClientDoesNotHurtOthers() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let leaving = try await ControlClient.connect(socketPath: server.socketPath)
        let staying = try await ControlClient.connect(socketPath: server.socketPath)
        var leavingStream: AsyncStream<EngineEvent>? = await leaving.events()
        let stayingStream = await staying.events()
        #expect(await engine.subscriberCount == 2)
        #expect(leavingStream != nil)
        leavingStream = nil  // The consumer goes away: its connection closes.
        await leaving.close()
        try await withControlSocketTimeout { await engine.waitForSubscribers(1) }

        let event = EngineEvent.status(EngineStatus(running: true, registeredDevices: 1))
        await engine.emit(event)
        let received = try await withControlSocketTimeout { await collectControlSocketEvents(stayingStream, count: 1) }
        #expect(received == [event])
        #expect(try await staying.submit(device, text: "read /3/0/0").count == 1)
        await #expect(throws: EngineError.self) { try await leaving.bootstrapPlan(device) }
        await server.stop()
    }

    @Test("transport: malformed, unknown, incomplete and oversized lines get error lines; the connection survives")
    func badLinesGetErrorLines() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine(), maximumLineLength: 1_024)
        let raw = try ControlSocketRawClient(path: server.socketPath)
        raw.send("this is not json\n")
        #expect(await raw.readLine() == #"{"error":{"message":"bad request line: not valid JSON"}}"#)
        raw.send(#"{"id":5,"method":"fly"}"# + "\n")
        let unknown = try #require(await raw.readLine())
        #expect(unknown.hasPrefix(#"{"error":{"message":"unknown method \"fly\""#) && unknown.hasSuffix(#""id":5}"#))
        raw.send(#"{"id":6,"method":"submit"}"# + "\n")
        #expect(await raw.readLine() == #"{"error":{"message":"submit needs \"device\" and \"text\""},"id":6}"#)
        raw.send(#"{"method":"status"}"# + "\n")
        #expect(await raw.readLine() == #"{"error":{"message":"bad request line: missing field id"}}"#)
        raw.send(String(repeating: "x", count: 5_000) + "\n")
        #expect(await raw.readLine() == #"{"error":{"message":"request line longer than 1024 bytes; ignored"}}"#)
        raw.send("\n   \n" + #"{"id":7,"method":"status"}"# + "\r\n")
        let status = try #require(await raw.readLine())
        #expect(status.contains(#""id":7"#) && status.contains(#""registeredDevices":7"#))
        await server.stop()
    }

    @Test("transport: a connection gets at most 16 subscriptions; more are refused with an error line")
    func subscriptionsPerConnectionAreCapped() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let raw = try ControlSocketRawClient(path: server.socketPath)
        for id in 1...17 { raw.send(#"{"id":\#(id),"method":"subscribe"}"# + "\n") }
        var answers: [String] = []
        for _ in 1...17 { if let line = await raw.readLine() { answers.append(line) } }
        #expect(answers.filter { $0.contains(#""subscribed":true"#) }.count == 16)
        #expect(answers.filter { $0.contains("too many subscriptions on one connection (at most 16)") }.count == 1)
        #expect(await engine.subscriberCount == 16)
        // Calls still work on that connection.
        raw.send(#"{"id":99,"method":"status"}"# + "\n")
        #expect(await raw.readLine()?.contains(#""id":99"#) == true)
        await server.stop()
    }

    @Test("the socket file is mode 0600 and removed on stop")
    func socketIsPrivate() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        var info = stat()
        #expect(lstat(server.socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        // No staging directory is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["control.sock"])
        await server.stop()
        #expect(!FileManager.default.fileExists(atPath: server.socketPath))
    }

    @Test("a stale socket file from a crashed daemon is replaced; no daemon means connectIfRunning is nil")
    func staleSocketIsReplaced() async throws {
        let directory = try ControlSocketTempDirectory()
        #expect(try await ControlClient.connectIfRunning(dataDirectory: directory.path) == nil)
        let path = directory.path + "/control.sock"
        try makeStaleControlSocket(at: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await ControlClient.connectIfRunning(dataDirectory: directory.path) == nil)
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        let client = try #require(try await ControlClient.connectIfRunning(dataDirectory: directory.path))
        #expect(await client.status().running)
        await server.stop()
    }

    @Test("a live socket and a non-socket file are left alone")
    func liveSocketAndOtherFilesAreKept() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        await #expect(throws: ControlSocketError("an engine is already serving \(server.socketPath)")) {
            try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        }
        #expect(try await ControlClient.connectIfRunning(dataDirectory: directory.path) != nil)
        await server.stop()

        let other = try ControlSocketTempDirectory()
        let path = other.path + "/control.sock"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: ControlSocketError.self) {
            try await ControlServer.start(dataDirectory: other.path, engine: ControlSocketTestEngine())
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test("stopping the server ends subscriptions and fails later calls with an EngineError")
    func stopEndsClients() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        let client = try await ControlClient.connect(socketPath: server.socketPath)
        let events = await client.events()
        #expect(await client.status().running)
        await server.stop()
        let leftovers = try await withControlSocketTimeout { await collectControlSocketEvents(events) }
        #expect(leftovers.isEmpty)
        await #expect(throws: EngineError("the engine closed the control connection")) {
            try await client.operations(device, limit: 1)
        }
        #expect(await client.status().running == false)
    }

    @Test("stopping while connections are still arriving closes them cleanly (repeated)")
    func stopWhileConnecting() async throws {
        for _ in 0..<40 {
            let directory = try ControlSocketTempDirectory()
            let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
            // Probes connect and hang up at once; a raw client stays connected.
            for _ in 0..<3 { _ = try await ControlClient.connectIfRunning(dataDirectory: directory.path) }
            let raw = try ControlSocketRawClient(path: server.socketPath)
            await server.stop()
            #expect(await raw.readLine() == nil)  // closed by the server, not left hanging
        }
    }

    @Test("connecting where nothing listens throws a ControlSocketError naming the path")
    func connectToNothing() async throws {
        let directory = try ControlSocketTempDirectory()
        let path = directory.path + "/control.sock"
        try makeStaleControlSocket(at: path)
        do {
            _ = try await ControlClient.connect(socketPath: path)
            Issue.record("connected to a stale socket")
        } catch {
            #expect(error.message.hasPrefix("cannot connect to the engine at \(path): "))
        }
    }

    static func sampleEvents(_ device: DeviceRef) -> [EngineEvent] {
        let time = ControlSocketTestEngine.fixedTime
        return [
            .lifecycle(LifecycleEvent(device: device, endpoint: "d1", type: "Registration", text: "127.0.0.1:5000 U lt=60",
                                      connectionState: "registered", time: time)),
            .operation(ControlSocketTestEngine.snapshot(OperationID(1), device: device, line: "read /3/0/0", status: .successful)),
            .notification(NotificationEvent(device: device, path: "/3303/0/5700", lines: ["/3303/0/5700 Sensor Value = 21.5"], time: time)),
            .alarm(AlarmEvent(alarmID: 9, device: device, type: "c8y_UnavailabilityAlarm", severity: "MAJOR", status: "ACTIVE",
                              text: "No data received", count: 1)),
            .status(EngineStatus(running: true, registeredDevices: 1)),
        ]
    }
}
