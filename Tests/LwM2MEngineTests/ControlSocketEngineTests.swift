import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// `registration` and `reloadKeys` through a real control socket into a real engine (real SQLite
/// store, real UDP/DTLS sockets, simulated devices): what an attached console or CLI sees.
@Suite("Control socket: registration and reloadKeys (real engine)", .serialized, .timeLimit(.minutes(2)))
struct ControlSocketEngineTests {
    @Test("registration over the socket: nil before the device registers, then its live registration")
    func registrationOfASimulatedDevice() async throws {
        let fixture = try await FleetFixture()
        let server = try await ControlServer.start(dataDirectory: fixture.directory, engine: fixture.engine)
        let client = try #require(try await ControlClient.connectIfRunning(dataDirectory: fixture.directory))
        let device = fixture.nosecDevice { $0.lifetime = 120 }
        do {
            #expect(try await client.registration(FleetFixture.nosec) == nil)
            let before = Date()
            try await device.start()
            let registration = try #require(try await client.registration(FleetFixture.nosec))
            #expect(registration.endpoint == "nosec_device")
            #expect(registration.lifetime == 120)
            #expect(registration.address.hasPrefix("coap://127.0.0.1:"))
            #expect(registration.objectLinks.contains("</3/0>") && registration.objectLinks.contains("</3303/0>"))
            #expect(registration.registeredAt >= before.addingTimeInterval(-1) && registration.registeredAt <= Date().addingTimeInterval(1))
            let grace = await fixture.engine.configuration.grace.seconds
            #expect(abs(registration.expiresAt.timeIntervalSince(registration.lastContactAt) - (120 + grace)) < 1)
            // The same as the engine's own answer (times aside: each call converts "now").
            let direct = try #require(await fixture.engine.registration(FleetFixture.nosec))
            #expect(direct.id == registration.id && direct.objectLinks == registration.objectLinks && direct.address == registration.address)
            // A device that exists but is not registered, and one that does not exist: nil, not an error.
            #expect(try await client.registration(FleetFixture.psk) == nil)
            #expect(try await client.registration(DeviceRef(tenant: DeviceStore.defaultTenant, id: "no-such-device")) == nil)
        } catch {
            Issue.record("\(error)")
        }
        await client.close()
        await server.stop()
        await fixture.shutDown([device])
    }

    @Test("reloadKeys over the socket: a PSK device imported while the engine runs is refused until the reload, then registers")
    func reloadKeysServesANewPSKDevice() async throws {
        let fixture = try await FleetFixture()
        let server = try await ControlServer.start(dataDirectory: fixture.directory, engine: fixture.engine)
        let client = try #require(try await ControlClient.connectIfRunning(dataDirectory: fixture.directory))
        // Another process (the `import` command) writes a new PSK device into the store.
        let identity = "late_psk_lwm2m"
        let keyHex = "00112233445566778899aabbccddeeff"
        let csv = fixture.directory + "/late.csv"
        let row = "late_psk;c8y_Id;Late-Passw0rd!1;late_psk;c8y_lwm2m;1;1;late_psk;\(fixture.serverDTLSURI);PSK;\(identity);\(keyHex);late_psk_bs;ffeeddccbbaa99887766554433221100;\(identity);late_psk_bs;"
        try [FleetFixture.header, row].joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try BulkImporter(store: fixture.store).run(file: csv, options: ImportOptions()) { _ in }
        #expect(report.created == 1)
        let late = DeviceRef(tenant: DeviceStore.defaultTenant, id: "late_psk")

        let refused = FleetFixture.device("late_psk", serverURI: fixture.serverDTLSURI, identity: identity, key: try FleetFixture.key(keyHex)) {
            $0.requestTimeout = .seconds(2)
        }
        let accepted = FleetFixture.device("late_psk", serverURI: fixture.serverDTLSURI, identity: identity, key: try FleetFixture.key(keyHex))
        do {
            var refusal: String?
            do { try await refused.start() } catch { refusal = "\(error)" }
            #expect(refusal != nil, "the engine served a PSK identity it had not loaded yet")
            await refused.stop()
            #expect(try await client.registration(late) == nil)

            try await client.reloadKeys()
            try await accepted.start()
            let registration = try #require(try await client.registration(late))
            #expect(registration.endpoint == "late_psk")
            #expect(registration.address.hasPrefix("coaps://127.0.0.1:"))
        } catch {
            Issue.record("\(error)")
        }
        await client.close()
        await server.stop()
        await fixture.shutDown([refused, accepted])
    }

    @Test("after a delete and reloadKeys, the deleted PSK device's handshake fails (its key is no longer served)")
    func reloadKeysForgetsADeletedDevice() async throws {
        let fixture = try await FleetFixture()
        let server = try await ControlServer.start(dataDirectory: fixture.directory, engine: fixture.engine)
        let client = try await ControlClient.connect(socketPath: server.socketPath)
        #expect(try fixture.store.deleteDevice(tenant: FleetFixture.psk.tenant, id: FleetFixture.psk.id))
        try await client.reloadKeys()
        let device = FleetFixture.device(
            "psk_device", serverURI: fixture.serverDTLSURI, identity: FleetFixture.pskIdentity, key: try FleetFixture.key(FleetFixture.pskKeyHex)) {
            $0.requestTimeout = .seconds(2)
        }
        var refusal: String?
        do { try await device.start() } catch { refusal = "\(error)" }
        // Without the reload the stale key still completes the handshake and the Register gets a
        // 4.03 (the device lookup reads the store); after it, the handshake itself fails.
        #expect(refusal?.contains("failed:") == true && refusal?.contains("answered Register") == false, "\(refusal ?? "registered")")
        #expect(try await client.registration(FleetFixture.psk) == nil)
        await client.close()
        await server.stop()
        await fixture.shutDown([device])
    }
}

extension Duration {
    /// The duration in seconds, for comparisons in tests.
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
