import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore
import Testing
@testable import LwM2MEngine

/// The PSK device over DTLS: a client built on `CoAPEndpoint` + `DTLSClient` registers on the
/// DTLS port and answers a read through the same session; bootstrap over DTLS with the
/// bootstrap identity; keys reloaded from the store.
@Suite("PSK over DTLS", .serialized)
struct PSKTests {
    static let psk = DeviceRef(tenant: DeviceStore.defaultTenant, id: "psk_device")

    static func client(identity: String, key: String) async throws -> CoAPEndpoint {
        var routes = CoAPRoutes()
        routes.on("/3", immediate: { ctx in
            guard ctx.path == ["3", "0", "0"] else { return CoAPResponse(.notFound) }
            return CoAPResponse(.content, text: "Secure Acme", contentFormat: ContentFormat.text.rawValue)
        })
        return try await CoAPEndpoint.bind(
            host: "127.0.0.1", port: 0, routes: routes, security: try DTLSClient(identity: identity, key: Array(key.utf8)))
    }

    static func registerRequest(_ endpoint: String) -> CoAPRequest {
        var options = CoAPOptions()
        options.contentFormat = ContentFormat.linkFormat.rawValue
        return CoAPRequest(
            .post, path: "/rd", query: ["ep=\(endpoint)", "lt=60", "lwm2m=1.1", "b=U"], options: options,
            payload: Array("</>;ct=0,</3/0>".utf8))
    }

    @Test("the PSK device registers over DTLS and a read reaches it through the session")
    func registerAndRead() async throws {
        let fixture = try await EngineFixture()
        let client = try await Self.client(identity: EngineFixture.pskIdentity, key: EngineFixture.pskKeyText)
        defer { Task { await client.close(); await fixture.shutDown() } }
        let response = try await client.send(Self.registerRequest("psk_device"), to: try fixture.serverAddress(secure: true), timeout: .seconds(10))
        #expect(response.code == .created)
        #expect(response.options.locationPath.first == "rd")
        let ops = try await fixture.engine.submit(Self.psk, text: "read /3/0/0")
        var result: OperationSnapshot?
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end {
            result = try await fixture.engine.operations(Self.psk, limit: 5).first { $0.id == ops[0].id }
            if result?.status.isFinal == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(result?.status == .successful)
        #expect(result?.resultLines == ["/3/0/0 Manufacturer = \"Secure Acme\""])
        #expect(await fixture.engine.registration(Self.psk)?.address.hasPrefix("coaps://127.0.0.1:") == true)
    }

    @Test("bootstrap over DTLS: the bootstrap identity is accepted, the endpoint must match it")
    func bootstrapOverDTLS() async throws {
        let fixture = try await EngineFixture()
        let recorder = await EventRecorder(fixture.engine)
        let client = try await Self.client(identity: EngineFixture.bootstrapIdentity, key: EngineFixture.bootstrapKeyText)
        defer { Task { await client.close(); await fixture.shutDown() } }
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: fixture.status.bootstrapDTLSPort)
        let wrong = try await client.send(CoAPRequest(.post, path: "/bs", query: ["ep=nosec_device"]), to: address, timeout: .seconds(10))
        #expect(wrong.code == .forbidden)
        let right = try await client.send(CoAPRequest(.post, path: "/bs", query: ["ep=psk_device"]), to: address, timeout: .seconds(10))
        #expect(right.code == .changed)
        #expect(try await EngineFixture.eventually { recorder.lifecycleTypes.contains("BootstrapStart") })
        // The preview shows the PSK identity but hides the key.
        let plan = try await fixture.engine.bootstrapPlan(Self.psk)
        #expect(plan.contains("  /0/0/2 Security Mode = 0"))
        #expect(plan.contains { $0.hasPrefix("  /0/0/5 Secret Key = ••••") })
        #expect(!plan.joined().contains(EngineFixture.hex(EngineFixture.pskKeyText)))
    }

    @Test("a key changed in the store is used after reloadKeys()")
    func reloadKeys() async throws {
        let fixture = try await EngineFixture()
        defer { Task { await fixture.shutDown() } }
        // Re-import the PSK device with another key.
        let csv = fixture.directory + "/rekey.csv"
        let row = EngineFixture.row("psk_device", psk: true)
            .replacingOccurrences(of: EngineFixture.hex(EngineFixture.pskKeyText), with: EngineFixture.hex("another-key-0001"))
        try ([EngineFixture.header, row]).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try BulkImporter(store: fixture.store).run(file: csv, options: ImportOptions()) { _ in }
        try await fixture.engine.reloadKeys()
        let client = try await Self.client(identity: EngineFixture.pskIdentity, key: "another-key-0001")
        defer { Task { await client.close() } }
        let response = try await client.send(Self.registerRequest("psk_device"), to: try fixture.serverAddress(secure: true), timeout: .seconds(10))
        #expect(response.code == .created)
    }
}
