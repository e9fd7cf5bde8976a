import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import NIOCore
import Synchronization
import Testing

/// Object 5 of the simulated device: the state machine, PUSH reassembled from Block1, PULL
/// downloaded block-wise from a real CoAP server, integrity check and pretended failures.
@Suite("Simulator firmware update", .timeLimit(.minutes(2)))
struct FirmwareSimulatorTests {
    static let state = LwM2MPath(object: 5, instance: 0, resource: 3)
    static let result = LwM2MPath(object: 5, instance: 0, resource: 5)
    static let version = LwM2MPath(object: 3, instance: 0, resource: 3)

    static func image(_ version: String, size: Int) -> [UInt8] {
        SimulatedFirmwareImage.make(name: "sim-fw", version: version, body: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
    }

    func value(_ h: DeviceHarness, _ path: LwM2MPath) async throws -> ResourceValue? {
        try await h.read(path.description).1?.values[path]
    }

    @Test("PUSH: a Block1 write of /5/0/0 arrives whole (DOWNLOADED), Update installs the header's version, /5/0/0 is not readable back")
    func push() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let image = Self.image("4.2.0", size: 5000)
            // 5,000+ bytes: the client endpoint sends Block1 blocks.
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: image).code == .changed)
            #expect(h.device.firmwareImage == image)
            #expect(try await value(h, Self.state) == .integer(2))
            #expect(try await h.read("/5/0").1?.values.keys.contains(LwM2MPath(object: 5, instance: 0, resource: 0)) == false)
            #expect(try await h.send(.post, "/5/0/2").code == .changed)
            #expect(try await value(h, Self.state) == .integer(3))
            #expect(await eventually(timeout: 5) { (try? await value(h, Self.result)) == .integer(1) })
            #expect(try await value(h, Self.state) == .integer(0))
            #expect(try await value(h, Self.version) == .string("4.2.0"))
            #expect(try await value(h, LwM2MPath(object: 5, instance: 0, resource: 7)) == .string("4.2.0"))
            #expect(h.device.firmwareImage == nil)
        }
    }

    @Test("integrity: a body that does not match the header's SHA-256 → IDLE, result 5; an empty Package resets to 0/0")
    func integrity() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            var image = Self.image("4.2.0", size: 3000)
            image[image.count - 1] ^= 0xFF
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: image).code == .changed)
            #expect(try await value(h, Self.state) == .integer(0))
            #expect(try await value(h, Self.result) == .integer(5))
            #expect(try await h.send(.post, "/5/0/2").code == .methodNotAllowed)
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: []).code == .changed)
            #expect(try await value(h, Self.result) == .integer(0))
        }
    }

    @Test("--firmware-fail update: Update ends in DOWNLOADED with result 8 and the old version")
    func updateFailure() async throws {
        try await DeviceHarness.with({ $0.firmwareFailure = .update }) { (h: DeviceHarness) async throws in
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: Self.image("5.0", size: 100)).code == .changed)
            #expect(try await h.send(.post, "/5/0/2").code == .changed)
            #expect(await eventually(timeout: 5) { (try? await value(h, Self.result)) == .integer(8) })
            #expect(try await value(h, Self.state) == .integer(2))
            #expect(try await value(h, Self.version) == .string("1.0.0"))
        }
    }

    @Test("PULL: a Package URI is downloaded block-wise from a real CoAP server; http is refused with result 9; a 4.04 gives result 7")
    func pull() async throws {
        let image = Self.image("6.1", size: 4000)
        let requests = RequestLog()
        var routes = CoAPRoutes()
        routes.on("/fw", immediate: { ctx in
            requests.append(ctx.message.options.block2?.description ?? "none")
            return ctx.path == ["fw", "sim-fw", "6.1"] ? CoAPResponse(.content, payload: image) : CoAPResponse(.notFound)
        })
        let server = try await UniquePortBinder.bind(host: "127.0.0.1", routes: routes)
        let port = server.localAddress.port ?? 0
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            #expect(try await h.send(.put, "/5/0/1", format: .text, payload: Array("coap://127.0.0.1:\(port)/fw/sim-fw/6.1".utf8)).code == .changed)
            #expect(await eventually(timeout: 10) { (try? await value(h, Self.state)) == .integer(2) })
            #expect(h.device.firmwareImage == image)
            // The device asked for 512-byte blocks from the first request on.
            #expect(requests.lines.first == "0/0/512")
            #expect(try await h.send(.post, "/5/0/2").code == .changed)
            #expect(await eventually(timeout: 5) { (try? await value(h, Self.version)) == .string("6.1") })

            #expect(try await h.send(.put, "/5/0/1", format: .text, payload: Array("https://example.com/fw.bin".utf8)).code == .changed)
            #expect(try await value(h, Self.result) == .integer(9))
            #expect(try await value(h, Self.state) == .integer(0))
            #expect(try await h.send(.put, "/5/0/1", format: .text, payload: Array("coap://127.0.0.1:\(port)/fw/none/1".utf8)).code == .changed)
            #expect(await eventually(timeout: 10) { (try? await value(h, Self.result)) == .integer(7) })
        }
        await server.close()
    }

    @Test("observers of /5/0/3 and /5/0/5 are notified of DOWNLOADED, UPDATING, IDLE and result 1")
    func notifications() async throws {
        try await DeviceHarness.with({ $0.notificationInterval = .milliseconds(50) }) { (h: DeviceHarness) async throws in
            let states = try await h.client.observe(CoAPRequest(.get, path: "/5/0/3"), to: h.devicePeer, timeout: .seconds(5))
            let results = try await h.client.observe(CoAPRequest(.get, path: "/5/0/5"), to: h.devicePeer, timeout: .seconds(5))
            #expect(states.isEstablished && results.isEstablished)
            func collect(_ observation: CoAPObservation, until last: String) -> Task<[String], Never> {
                Task {
                    var seen: [String] = []
                    for await event in observation.events {
                        guard case .notification(let response) = event else { break }
                        seen.append(String(decoding: response.payload, as: UTF8.self))
                        if seen.last == last { break }
                    }
                    return seen
                }
            }
            let stateTask = collect(states, until: "0")
            let resultTask = collect(results, until: "1")
            let guardTask = Task { try await Task.sleep(for: .seconds(10)); stateTask.cancel(); resultTask.cancel() }
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: Self.image("8.0", size: 100)).code == .changed)
            #expect(await eventually(timeout: 5) { h.device.observationCount == 2 })
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await h.send(.post, "/5/0/2").code == .changed)
            let seenStates = await stateTask.value
            let seenResults = await resultTask.value
            guardTask.cancel()
            #expect(seenStates == ["2", "3", "0"], "\(seenStates)")
            #expect(seenResults.last == "1", "\(seenResults)")
            await states.cancel(actively: true)
            await results.cancel(actively: true)
        }
    }

    @Test("/5/0/9 reports the configured delivery method")
    func deliveryMethod() async throws {
        try await DeviceHarness.with({ $0.firmwareDelivery = .push }) { (h: DeviceHarness) async throws in
            #expect(try await value(h, LwM2MPath(object: 5, instance: 0, resource: 9)) == .integer(1))
        }
    }
}

/// Lines recorded by a route handler on the event loop.
final class RequestLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
