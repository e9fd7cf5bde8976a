import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Registrations the server must refuse, tried by real simulated clients.
@Suite("Fleet: security refusals", .serialized)
struct FleetSecurityTests {
    /// Starts `device` and expects it to fail; returns the simulator's error text.
    static func refusedStart(_ device: SimulatedDevice) async -> String? {
        do {
            try await device.start()
            Issue.record("\(device.configuration.endpoint) registered but should have been refused")
            return nil
        } catch {
            return error.message
        }
    }

    @Test("the PSK device on the plain server port: 4.03, counted, RegistrationRefused and an alarm")
    func pskOnPlainPort() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device("psk_device", serverURI: fixture.serverURI)
        let message = await Self.refusedStart(device)
        #expect(message?.contains("4.03") == true, "\(message ?? "")")
        let log = fixture.log
        #expect(await log.waitUntil { !log.lifecycle("RegistrationRefused", endpoint: "psk_device").isEmpty })
        #expect(log.lifecycle("RegistrationRefused", endpoint: "psk_device").first?.text.contains("DTLS") == true)
        #expect(await log.waitUntil { log.alarms.contains { $0.device == FleetFixture.psk && $0.status == "ACTIVE" } })
        #expect(await fixture.engine.status().refusedRegistrations == 1)
        #expect(await fixture.engine.registration(FleetFixture.psk) == nil)
        await fixture.shutDown([device])
    }

    @Test("the NO_SEC device on the DTLS port: no PSK the server knows, so no session and no registration")
    func nosecOnDTLSPort() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device(
            "nosec_device", serverURI: fixture.serverDTLSURI, identity: "nosec_device", key: Array("any-key-at-all!!".utf8)) {
            $0.requestTimeout = .seconds(2)
        }
        let message = await Self.refusedStart(device)
        #expect(message != nil)
        #expect(await fixture.engine.registration(FleetFixture.nosec) == nil)
        #expect(fixture.log.lifecycle("Registration", endpoint: "nosec_device").isEmpty)
        await fixture.shutDown([device])
    }

    @Test("the PSK device's identity used by another endpoint over DTLS: 4.03 with an alarm on the identity's device")
    func wrongIdentity() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device(
            "nosec_device", serverURI: fixture.serverDTLSURI,
            identity: FleetFixture.pskIdentity, key: try FleetFixture.key(FleetFixture.pskKeyHex))
        let message = await Self.refusedStart(device)
        #expect(message?.contains("4.03") == true, "\(message ?? "")")
        let log = fixture.log
        #expect(await log.waitUntil { !log.lifecycle("RegistrationRefused", endpoint: "nosec_device").isEmpty })
        #expect(log.lifecycle("RegistrationRefused", endpoint: "nosec_device").first?.text.contains("belongs to endpoint 'psk_device'") == true)
        #expect(await log.waitUntil { log.alarms.contains { $0.device == FleetFixture.psk } })
        #expect(await fixture.engine.registration(FleetFixture.nosec) == nil)
        await fixture.shutDown([device])
    }

    @Test("the PSK device with the right identity and a wrong key: the handshake fails, nothing registers")
    func wrongKey() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device(
            "psk_device", serverURI: fixture.serverDTLSURI, identity: FleetFixture.pskIdentity, key: Array("not-the-real-key".utf8)) {
            $0.requestTimeout = .seconds(2)
        }
        #expect(await Self.refusedStart(device) != nil)
        #expect(await fixture.engine.registration(FleetFixture.psk) == nil)
        #expect(fixture.log.lifecycle("Registration", endpoint: "psk_device").isEmpty)
        await fixture.shutDown([device])
    }

    @Test("an unknown endpoint gets 4.03 and is counted")
    func unknownEndpoint() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device("stranger", serverURI: fixture.serverURI)
        let message = await Self.refusedStart(device)
        #expect(message?.contains("4.03") == true, "\(message ?? "")")
        let log = fixture.log
        #expect(await log.waitUntil { !log.lifecycle("RegistrationRefused", endpoint: "stranger").isEmpty })
        #expect(await fixture.engine.status().refusedRegistrations == 1)
        await fixture.shutDown([device])
    }

    @Test("endpoints imported again into a second tenant: the duplicates carry a MAJOR alarm and are never served; the first tenant keeps the endpoint")
    func duplicateEndpoint() async throws {
        let fixture = try await FleetFixture(secondTenant: true)
        let duplicateNosec = DeviceRef(tenant: "other", id: "nosec_device")
        let duplicatePSK = DeviceRef(tenant: "other", id: "psk_device")
        #expect(try fixture.store.device(tenant: "other", id: "nosec_device")?.isDuplicate == true)
        let alarms = try fixture.store.alarms().filter { $0.tenant == "other" }
        #expect(alarms.count == 2, "\(alarms.map(\.text))")
        #expect(alarms.allSatisfy { $0.severity == .major && $0.text.contains("already exists in tenant") })

        // The duplicate PSK device with its own identity: refused (no served device has it).
        let duplicate = FleetFixture.device(
            "psk_device", serverURI: fixture.serverDTLSURI,
            identity: FleetFixture.duplicateIdentity, key: try FleetFixture.key(FleetFixture.pskKeyHex)) {
            $0.requestTimeout = .seconds(2)
        }
        #expect(await Self.refusedStart(duplicate) != nil)
        #expect(await fixture.engine.registration(duplicatePSK) == nil)
        #expect(await fixture.engine.registration(FleetFixture.psk) == nil)

        // The endpoint name belongs to the first tenant: a Register lands there, never on the duplicate.
        let device = fixture.nosecDevice()
        try await device.start()
        #expect(await fixture.engine.registration(FleetFixture.nosec) != nil)
        #expect(await fixture.engine.registration(duplicateNosec) == nil)
        #expect(fixture.log.lifecycle("Registration", endpoint: "nosec_device").map(\.device) == [FleetFixture.nosec])
        await fixture.shutDown([device, duplicate])
    }
}
