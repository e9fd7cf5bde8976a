import CoAP
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Operations end to end: the engine on real sockets, a small LwM2M client on another socket.
@Suite("Operations against a test LwM2M client", .serialized)
struct OperationTests {
    static let nosec = DeviceRef(tenant: DeviceStore.defaultTenant, id: "nosec_device")

    /// Waits for the operation to reach one of `statuses`; returns its last snapshot.
    static func waitFor(
        _ engine: LwM2MEngine, _ id: OperationID, _ statuses: Set<OperationStatus>, within limit: Duration = .seconds(5)
    ) async throws -> OperationSnapshot? {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if let op = try await engine.operations(nosec, limit: 50).first(where: { $0.id == id }), statuses.contains(op.status) {
                return op
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await engine.operations(nosec, limit: 50).first(where: { $0.id == id })
    }

    @Test("read /3/0/0 returns the decoded manufacturer (TLV), with code, format and round trip")
    func readDecoded() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)

        let submitted = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0")
        let op = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.successful, .failed]))
        #expect(op.status == .successful)
        #expect(op.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        #expect(op.responseCode == "2.05 Content")
        #expect(op.contentFormat == ContentFormat.tlv.rawValue)
        #expect(op.roundTripMs != nil)
        #expect(device.requests.last?.options.accept == ContentFormat.tlv.rawValue)

        // `serialization TEXT` switches single-resource reads to text/plain.
        _ = try await fixture.engine.submit(Self.nosec, text: "serialization TEXT")
        let text = try await fixture.engine.submit(Self.nosec, text: "read /3/0/9")
        let op2 = try #require(try await Self.waitFor(fixture.engine, text[0].id, [.successful, .failed]))
        #expect(op2.contentFormat == ContentFormat.text.rawValue)
        #expect(op2.resultLines == ["/3/0/9 Battery Level = 87 %"])

        // Stored: the history survives in the store once flushed.
        let stored = try await EngineFixture.eventually {
            try fixture.store.engineOperations(tenant: Self.nosec.tenant, deviceID: Self.nosec.id, limit: 10)
                .contains { $0.id == submitted[0].id.rawValue && $0.status == "SUCCESSFUL" }
        }
        #expect(stored)
    }

    @Test("write then read back, execute, a 4.04 answer FAILS with the device's code")
    func writeExecuteAndFailure() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        let ops = try await fixture.engine.submit(Self.nosec, text: "write /1/0/1 120\nexecute /3/0/4\nread /5/0/3")
        #expect(ops.count == 3)
        let write = try #require(try await Self.waitFor(fixture.engine, ops[0].id, [.successful, .failed]))
        #expect(write.status == .successful)
        #expect(device.value(LwM2MPath(object: 1, instance: 0, resource: 1)) == .integer(120))
        let execute = try #require(try await Self.waitFor(fixture.engine, ops[1].id, [.successful, .failed]))
        #expect(execute.responseCode == "2.04 Changed")
        let missing = try #require(try await Self.waitFor(fixture.engine, ops[2].id, [.successful, .failed]))
        #expect(missing.status == .failed)
        #expect(missing.responseCode == "4.04 Not Found")
    }

    @Test("a dropped request is PENDING again within 10% after its timeout, resent on Update, FAILED after the retry limit")
    func timeoutRetryFail() async throws {
        let fixture = try await EngineFixture { $0.retryLimit = 2 }
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server) == .created)
        device.setDropping(true)

        let submitted = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0 --timeout 1s")
        #expect(submitted[0].timeoutMs == 1000)
        let executing = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.executing]))
        let sent = try #require(executing.sentAt)
        let pending = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.pending], within: .seconds(3)))
        #expect(pending.status == .pending)
        let elapsed = Date().timeIntervalSince(sent)
        #expect(elapsed >= 1.0 && elapsed <= 1.1 + 0.05, "back to PENDING after \(elapsed) s") // 10% (+ poll step)
        #expect(pending.attempts == 1)

        // Not resent before the device shows up again.
        let requestsBefore = device.requests.count
        try await Task.sleep(for: .milliseconds(300))
        #expect(device.requests.count == requestsBefore)

        // The next Update resends it; it times out again and, at the limit (2), FAILS.
        #expect(await device.update(at: server) == .changed)
        let failed = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.failed], within: .seconds(3)))
        #expect(failed.status == .failed)
        #expect(failed.attempts == 2)
        #expect(failed.failureReason?.contains("2 attempts") == true)
    }

    @Test("an answer to the next attempt after an Update completes a resent operation")
    func resentAndAnswered() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server) == .created)
        device.setDropping(true)
        let submitted = try await fixture.engine.submit(Self.nosec, text: "read /3/0/1 --timeout 500ms")
        _ = try await Self.waitFor(fixture.engine, submitted[0].id, [.pending], within: .seconds(2))
        try await Task.sleep(for: .milliseconds(100))
        device.setDropping(false)
        #expect(await device.update(at: server) == .changed)
        let done = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.successful, .failed], within: .seconds(3)))
        #expect(done.status == .successful)
        #expect(done.attempts == 2)
        #expect(done.resultLines == ["/3/0/1 Model Number = \"Model 500\""])
    }

    @Test("queue mode: an operation for a sleeping device waits for its next Update")
    func queueMode() async throws {
        let fixture = try await EngineFixture(rows: [EngineFixture.row("nosec_device", awakeMs: 300)])
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server, extra: ["Q"]) == .created)
        try await Task.sleep(for: .milliseconds(450)) // the awake window closes
        let asleep = try await EngineFixture.eventually {
            try fixture.store.device(tenant: Self.nosec.tenant, id: Self.nosec.id)?.connectionState == .sleeping
        }
        #expect(asleep)
        let submitted = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await fixture.engine.operations(Self.nosec, limit: 5).first?.status == .pending)
        #expect(device.requests.isEmpty)
        #expect(await device.update(at: server) == .changed)
        let done = try #require(try await Self.waitFor(fixture.engine, submitted[0].id, [.successful, .failed]))
        #expect(done.status == .successful)
        #expect(device.requests.count == 1)
    }

    @Test("SHELL=0 refuses shell commands; a bad line refuses the whole text; a full queue refuses")
    func refusals() async throws {
        let fixture = try await EngineFixture(rows: [EngineFixture.row("nosec_device"), EngineFixture.row("locked", shell: false)]) {
            $0.queueLimit = 2
        }
        defer { Task { await fixture.shutDown() } }
        await #expect(throws: EngineError.self) {
            try await fixture.engine.submit(DeviceRef(tenant: DeviceStore.defaultTenant, id: "locked"), text: "read /3/0/0")
        }
        do {
            _ = try await fixture.engine.submit(DeviceRef(tenant: DeviceStore.defaultTenant, id: "locked"), text: "read /3/0/0")
        } catch {
            #expect(error.message.contains("SHELL=0"))
        }
        do {
            _ = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0\nwrite /1/0/1 abc")
            Issue.record("a bad second line must refuse the text")
        } catch {
            #expect(error.message.contains("line 2"))
        }
        #expect(try await fixture.engine.operations(Self.nosec, limit: 10).isEmpty)
        _ = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0\nread /3/0/1")
        do {
            _ = try await fixture.engine.submit(Self.nosec, text: "read /3/0/2")
            Issue.record("the third operation must be refused by the queue limit")
        } catch {
            #expect(error.message.contains("full"))
        }
        // A PENDING operation can be cancelled.
        let pending = try await fixture.engine.operations(Self.nosec, limit: 10)
        let cancelled = try await fixture.engine.cancel(pending[0].id)
        #expect(cancelled.status == .failed)
        #expect(cancelled.failureReason == "cancelled by the operator")
    }
}

extension OperationTests {
    @Test("an answer after the timeout is matched to its attempt and recorded as late")
    func lateAnswer() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        device.setAnswerDelay(.milliseconds(700))
        let ops = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0 --timeout 400ms")
        let pending = try #require(try await Self.waitFor(fixture.engine, ops[0].id, [.pending], within: .seconds(2)))
        #expect(pending.attempts == 1)
        let done = try #require(try await Self.waitFor(fixture.engine, ops[0].id, [.successful, .failed], within: .seconds(2)))
        #expect(done.status == .successful)
        #expect(done.late)
        #expect(done.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        #expect((done.roundTripMs ?? 0) >= 700)
    }
}

extension OperationTests {
    @Test("a device imported after the engine started registers (store fallback), before any reloadKeys()")
    func importedAfterStart() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "late_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .forbidden)
        let csv = fixture.directory + "/late.csv"
        try [EngineFixture.header, EngineFixture.row("late_device")].joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try BulkImporter(store: fixture.store).run(file: csv, options: ImportOptions()) { _ in }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
    }
}

extension OperationTests {
    @Test("composite read (FETCH, SenML) and discover (link format) are decoded")
    func compositeAndDiscover() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        let ops = try await fixture.engine.submit(Self.nosec, text: "cread /3/0/0 /3/0/9\ndiscover /3/0")
        let composite = try #require(try await Self.waitFor(fixture.engine, ops[0].id, [.successful, .failed]))
        #expect(composite.status == .successful)
        #expect(composite.contentFormat == ContentFormat.senmlJSON.rawValue)
        #expect(composite.resultLines == ["/3/0/0 Manufacturer = \"Acme\"", "/3/0/9 Battery Level = 87 %"])
        let discover = try #require(try await Self.waitFor(fixture.engine, ops[1].id, [.successful, .failed]))
        #expect(discover.resultLines == ["</3/0>", "</3/0/0>", "</3/0/1>", "</3/0/9>;pmin=10"])
    }
}
