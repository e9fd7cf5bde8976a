import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import Testing

@Suite("Bootstrap, registration and updates over real UDP")
struct LifecycleTests {
    @Test("bootstraps with TLV writes, registers to the server it was given, and updates", arguments: [ContentFormat.tlv, .senmlJSON, .senmlCBOR])
    func bootstrapThenRegister(format: ContentFormat) async throws {
        let registrar = try await TestRegistrar.start()
        let bootstrap = try await TestBootstrapServer.start(serverURI: registrar.uri, format: format)
        var configuration = SimulatedDeviceConfiguration(endpoint: "bs-device-1", bootstrapURI: bootstrap.uri)
        configuration.bindHost = "127.0.0.1"
        configuration.preferredContentFormat = 11542
        configuration.updateInterval = .milliseconds(300)
        configuration.requestTimeout = .seconds(5)
        let device = SimulatedDevice(configuration)
        do {
            try await device.start()
            #expect(bootstrap.log.value.requests == [["ep=bs-device-1", "pct=11542"]])
            #expect(bootstrap.log.value.steps == ["DELETE /0 -> 2.02 Deleted", "DELETE /1 -> 2.02 Deleted", "PUT /0/1 -> 2.04 Changed", "PUT /1/0 -> 2.04 Changed", "POST /bs -> 2.04 Changed"])
            let registration = try #require(registrar.log.value.registrations.first)
            // Lifetime 60 and binding U come from the Server object the bootstrap server wrote.
            #expect(registration.query == ["ep=bs-device-1", "lt=60", "lwm2m=1.1", "b=U"])
            let links = try CoRELinkFormat.parse(registration.links)
            #expect(links.first?.target == "/")
            #expect(links.first?.attribute("rt") == "oma.lwm2m")
            #expect(links.announcedContentFormatNumbers == [60, 110, 112, 11542, 11543])
            #expect(links.announcedPaths.map(\.description) == ["/1/0", "/3/0", "/4/0", "/5/0", "/6/0", "/3303/0"])
            #expect(await device.registrationLocation == ["rd", "r1"])
            // The Security instance the bootstrap server wrote is on the device.
            #expect(device.objects.value(LwM2MPath(object: 0, instance: 1, resource: 0)) == .string(registrar.uri))
            #expect(await eventually(timeout: 5) { registrar.log.value.updates.count >= 2 })
            #expect(registrar.log.value.updates.allSatisfy { $0 == "r1" })
        } catch {
            Issue.record(error)
        }
        await device.stop()
        #expect(registrar.log.value.deregistrations == ["r1"])
        await registrar.endpoint.close()
        await bootstrap.endpoint.close()
    }

    @Test("a PSK device bootstraps, then registers over DTLS with the identity and key from /0")
    func pskRegistration() async throws {
        let key: [UInt8] = Array("secret-psk-key-1".utf8)
        let registrar = try await TestRegistrar.start(pskKeys: ["psk-id-1": key])
        let bootstrap = try await TestBootstrapServer.start(serverURI: registrar.secureURI, psk: ("psk-id-1", key))
        var configuration = SimulatedDeviceConfiguration(endpoint: "psk-device-1", bootstrapURI: bootstrap.uri)
        configuration.bindHost = "127.0.0.1"
        configuration.requestTimeout = .seconds(5)
        let device = SimulatedDevice(configuration)
        do {
            try await device.start()
            let registration = try #require(registrar.log.value.registrations.first)
            #expect(registration.identity == "psk-id-1")
            #expect(registration.query.first == "ep=psk-device-1")
            try await device.update()
            #expect(registrar.log.value.updates == ["r1"])
        } catch {
            Issue.record(error)
        }
        await device.stop()
        #expect(registrar.log.value.deregistrations == ["r1"])
        await registrar.endpoint.close()
        await bootstrap.endpoint.close()
    }

    @Test("a PSK device with a wrong key does not get registered")
    func wrongKey() async throws {
        let registrar = try await TestRegistrar.start(pskKeys: ["psk-id-2": Array("right-key".utf8)])
        var configuration = SimulatedDeviceConfiguration(
            endpoint: "psk-device-2", serverURI: registrar.secureURI, pskIdentity: "psk-id-2", pskKey: Array("wrong-key".utf8))
        configuration.bindHost = "127.0.0.1"
        configuration.requestTimeout = .seconds(2)
        let device = SimulatedDevice(configuration)
        await #expect(throws: SimulatorError.self) { try await device.start() }
        #expect(registrar.log.value.registrations.isEmpty)
        await device.stop()
        await registrar.endpoint.close()
    }

    @Test("executing Reboot (/3/0/4) makes the device register again")
    func rebootReRegisters() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let response = try await h.send(.post, "/3/0/4")
            #expect(response.code == .changed)
            #expect(await eventually { h.registrar.log.value.registrations.count == 2 })
            #expect(h.registrar.log.value.deregistrations == ["r1"])
            // The registrar logs the Register before the device has read the 2.01.
            #expect(await eventually { await h.device.registrationLocation == ["rd", "r2"] })
        }
    }

    @Test("creating an instance sends an Update carrying the new object links")
    func createSendsLinks() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let nodes = LwM2MNodes([LwM2MPath(object: 3303, instance: 1, resource: 5701): .string("K")])
            let payload = try LwM2MCodec.encode(nodes, format: .tlv, path: LwM2MPath(object: 3303))
            let response = try await h.send(.post, "/3303", format: .tlv, payload: payload)
            #expect(response.code == .created)
            #expect(response.options.locationPath == ["3303", "1"])
            #expect(await eventually { h.registrar.log.value.updates.count == 1 })
            let read = try await h.read("/3303/1/5701")
            #expect(read.1?.values[LwM2MPath(object: 3303, instance: 1, resource: 5701)] == .string("K"))
            let deleted = try await h.send(.delete, "/3303/1")
            #expect(deleted.code == .deleted)
            #expect(try await h.send(.get, "/3303/1").code == .notFound)
            #expect(try await h.send(.delete, "/3/0").code == .methodNotAllowed)
        }
    }
}
