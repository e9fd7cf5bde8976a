import DeviceStore
import Foundation
import Testing
@testable import LwM2MEngine

/// The LwM2M server's registration interface against Debian's libcoap clients (independent
/// peers): NO_SEC over plain CoAP, PSK over DTLS, and the refusals SPEC §4 asks for.
@Suite("Registration and security (libcoap clients)", .serialized)
struct RegistrationSecurityTests {
    static let notls = "/usr/bin/coap-client-notls"
    static let gnutls = "/usr/bin/coap-client-gnutls"

    @Test("coap-client-notls registers the NO_SEC device: 2.01 with a Location-Path, registered in the store")
    func noSecRegisters() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        let output = try await ProcessRunner.run(Self.notls, [
            "-v", "7", "-B", "5", "-m", "post",
            "coap://127.0.0.1:\(fixture.status.serverPort)/rd?ep=nosec_device&lt=60&lwm2m=1.1&b=U",
            "-e", "</1/0>,</3/0>",
        ])
        #expect(output.contains("c:2.01"), "\(output)")
        #expect(output.contains("Location-Path:rd, Location-Path:"), "\(output)")
        let registered = try await EngineFixture.eventually {
            try fixture.store.device(tenant: DeviceStore.defaultTenant, id: "nosec_device")?.connectionState == .registered
        }
        #expect(registered)
        let info = await fixture.engine.registration(DeviceRef(tenant: DeviceStore.defaultTenant, id: "nosec_device"))
        #expect(info?.version == "1.1")
        #expect(info?.objectLinks == "</1/0>,</3/0>")
        #expect(await fixture.engine.status().registeredDevices == 1)
    }

    @Test("an unknown endpoint and the PSK device on the plain port get 4.03 and are counted")
    func refusalsOnPlainPort() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        for endpoint in ["no_such_device", "psk_device"] {
            let output = try await ProcessRunner.run(Self.notls, [
                "-v", "7", "-B", "5", "-m", "post",
                "coap://127.0.0.1:\(fixture.status.serverPort)/rd?ep=\(endpoint)&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>",
            ])
            #expect(output.contains("4.03"), "\(endpoint): \(output)")
        }
        let status = await fixture.engine.status()
        #expect(status.refusedRegistrations == 2)
        #expect(status.registeredDevices == 0)
        // The security mismatch raises an alarm on the PSK device.
        let alarmed = try await EngineFixture.eventually {
            try fixture.store.alarms().contains { $0.deviceID == "psk_device" && $0.type == AlarmType.registrationRefused }
        }
        #expect(alarmed)
    }

    @Test("an unsupported LwM2M version gets 4.12")
    func unsupportedVersion() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        let output = try await ProcessRunner.run(Self.notls, [
            "-v", "7", "-B", "5", "-m", "post",
            "coap://127.0.0.1:\(fixture.status.serverPort)/rd?ep=nosec_device&lt=60&lwm2m=1.2&b=U", "-e", "</1/0>",
        ])
        #expect(output.contains("4.12"), "\(output)")
    }

    @Test("coap-client-gnutls with the lwm2m PSK registers the PSK device on the DTLS port")
    func pskRegisters() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        let output = try await ProcessRunner.run(Self.gnutls, [
            "-v", "7", "-B", "10", "-u", EngineFixture.pskIdentity, "-k", EngineFixture.pskKeyText, "-m", "post",
            "coaps://127.0.0.1:\(fixture.status.serverDTLSPort)/rd?ep=psk_device&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>,</3/0>",
        ])
        #expect(output.contains("2.01"), "\(output)")
        let registered = try await EngineFixture.eventually {
            try fixture.store.device(tenant: DeviceStore.defaultTenant, id: "psk_device")?.connectionState == .registered
        }
        #expect(registered)
    }

    @Test("the NO_SEC device is refused on the DTLS port (no key for it, or someone else's identity)")
    func noSecOnDTLSRefused() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        // With an identity the server does not know, the handshake fails: no registration.
        let unknown = try await ProcessRunner.run(Self.gnutls, [
            "-v", "7", "-B", "5", "-u", "nosec_device", "-k", "whatever-key", "-m", "post",
            "coaps://127.0.0.1:\(fixture.status.serverDTLSPort)/rd?ep=nosec_device&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>",
        ], limit: .seconds(15))
        #expect(!unknown.contains("2.01"), "\(unknown)")
        // With the PSK device's identity, the endpoint does not match: 4.03.
        let mismatch = try await ProcessRunner.run(Self.gnutls, [
            "-v", "7", "-B", "10", "-u", EngineFixture.pskIdentity, "-k", EngineFixture.pskKeyText, "-m", "post",
            "coaps://127.0.0.1:\(fixture.status.serverDTLSPort)/rd?ep=nosec_device&lt=60&lwm2m=1.1&b=U", "-e", "</1/0>",
        ])
        #expect(mismatch.contains("4.03"), "\(mismatch)")
        #expect(await fixture.engine.status().registeredDevices == 0)
    }
}
