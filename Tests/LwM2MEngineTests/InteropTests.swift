import CoAP
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Regressions found by running a real client (Eclipse Wakaama's example client, see
/// docs/interop.md); each test replays what that client sends or expects, with our own test client.
@Suite("Interoperability regressions", .serialized)
struct InteropTests {
    static let nosec = DeviceRef(tenant: DeviceStore.defaultTenant, id: "nosec_device")

    /// Waits until the device has received a request with `code` whose path is `path`.
    static func waitForRequest(_ device: TestLwM2MDevice, _ code: CoAPCode, path: [String]) async throws -> CoAPMessage? {
        let end = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < end {
            if let found = device.requests.last(where: { $0.code == code && $0.options.uriPath == path }) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    @Test("a JSON 1.0 for a resource the model does not know goes out as a TLV Float, not a 1-byte Integer")
    func untypedFloatStaysFloatInTLV() async throws {
        // Wakaama 1.0 (TLV only) answered 4.00 to `write /31024/0 {"1":7,"3":1.0}`: the engine
        // sent resource 3 (a Float in Wakaama's test object 31024) as the Integer 1.
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress(), version: "1.0", links: "</1/0>,</3/0>,</31024/0>") == .created)

        _ = try await fixture.engine.submit(Self.nosec, text: #"write /31024/0 {"1":7,"3":1.0,"5":2.5}"#)
        let put = try #require(try await Self.waitForRequest(device, .put, path: ["31024", "0"]))
        #expect(put.options.contentFormat == ContentFormat.tlv.rawValue)

        // Decode the bytes as Wakaama does: resources 3 and 5 are Floats, 1 an Integer. A
        // 1-byte value for a Float does not decode.
        let types: ResourceTypeLookup = { path in path.resourceID == 1 ? .integer : .float }
        let nodes = try LwM2MCodec.decode(put.payload, format: .tlv, path: LwM2MPath(object: 31024, instance: 0), types: types)
        #expect(nodes.values[LwM2MPath(object: 31024, instance: 0, resource: 1)] == .integer(7))
        #expect(nodes.values[LwM2MPath(object: 31024, instance: 0, resource: 3)] == .float(1.0))
        #expect(nodes.values[LwM2MPath(object: 31024, instance: 0, resource: 5)] == .float(2.5))
    }

    @Test("an integral JSON number still fits a known Integer resource (300.0 writes 300)")
    func integralFloatFitsIntegerResource() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress(), version: "1.0") == .created)

        let ops = try await fixture.engine.submit(Self.nosec, text: #"writep /1/0 {"1":300.0}"#)
        #expect(ops.count == 1)
        let post = try #require(try await Self.waitForRequest(device, .post, path: ["1", "0"]))
        let nodes = try LwM2MCodec.decode(post.payload, format: .tlv, path: LwM2MPath(object: 1, instance: 0), types: ObjectModel.builtIn.typeLookup)
        #expect(nodes.values[LwM2MPath(object: 1, instance: 0, resource: 1)] == .integer(300))
    }

    @Test("a device that re-registers while a request is in flight gets it again after the timeout, without another Update")
    func reRegisterDuringRequestDoesNotStallQueue() async throws {
        // Anjay, told `execute /3/0/5` (factory reset), bootstrapped and registered again from
        // a new port while the next request (`discover /3/0`) was in flight; that request timed
        // out and the queue then waited for one more Update, which a lifetime of 432000 s puts
        // days away. Replayed here: the request is dropped, the device registers anew.
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let rebooted = try await TestLwM2MDevice(endpoint: "nosec_device") // the same client on a new port
        defer { Task { await device.close(); await rebooted.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server) == .created)
        device.setDropping(true)

        let ops = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0 --timeout 1s\nread /3/0/9 --timeout 1s")
        #expect(ops.count == 2)
        let first = try #require(try await OperationTests.waitFor(fixture.engine, ops[0].id, [.executing]))
        #expect(first.status == .executing)
        #expect(await rebooted.register(at: server) == .created)

        // Resent to the new address once the 1 s deadline passes, and the rest of the queue
        // follows; no Update needed.
        let done = try #require(try await OperationTests.waitFor(fixture.engine, ops[0].id, [.successful, .failed], within: .seconds(4)))
        #expect(done.status == .successful)
        #expect(done.attempts == 2)
        #expect(done.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        #expect(rebooted.requests.contains { $0.options.uriPath == ["3", "0", "0"] })
        let next = try #require(try await OperationTests.waitFor(fixture.engine, ops[1].id, [.successful, .failed], within: .seconds(2)))
        #expect(next.status == .successful)
    }

    @Test("a late answer releases the device's queue: the next operation goes without another Update")
    func lateAnswerReleasesQueue() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        device.setAnswerDelay(.milliseconds(1500)) // past the 1 s deadline, within the exchange's 2 s

        let ops = try await fixture.engine.submit(Self.nosec, text: "read /3/0/0 --timeout 1s\nread /3/0/9 --timeout 1s")
        let late = try #require(try await OperationTests.waitFor(fixture.engine, ops[0].id, [.successful, .failed], within: .seconds(4)))
        #expect(late.status == .successful)
        #expect(late.late)
        device.setAnswerDelay(.zero)
        let next = try #require(try await OperationTests.waitFor(fixture.engine, ops[1].id, [.successful, .failed], within: .seconds(3)))
        #expect(next.status == .successful)
    }
}
