import CoAP
import Foundation
import NIOCore
import Testing

/// DTLS over real UDP sockets on 127.0.0.1 against peers nobody here wrote (Debian's libcoap3-bin
/// and OpenSSL), plus the flood test. Serialized: the flood test needs the CPU to itself.
@Suite(.serialized) struct DTLSInteropTests {
    static let keys: [String: [UInt8]] = ["urn:imei:1234": Array("sesame-1234".utf8)]

    /// Runs a coap-client variant with PSK credentials against our server and returns its output.
    private func coapClient(_ tool: String, identity: String, key: String, port: Int) async throws -> DTLSProcessResult {
        try await DTLSProcess.run(
            "/usr/bin/\(tool)",
            ["-m", "get", "-B", "3", "-u", identity, "-k", key, "coaps://127.0.0.1:\(port)/test"],
            timeout: .seconds(10))
    }

    @Test(arguments: ["coap-client-gnutls", "coap-client-openssl"])
    func libcoapClientWithTheRightKeyGetsTheAnswer(tool: String) async throws {
        try await DTLSTestEndpoint.withServer(keys: Self.keys) { server in
            let result = try await coapClient(tool, identity: "urn:imei:1234", key: "sesame-1234", port: server.port)
            #expect(!result.timedOut)
            #expect(result.output.contains("dtls-ok urn:imei:1234"), "\(tool) said: \(result.output)")
            let message = try await server.nextMessage()
            #expect(message.identity == "urn:imei:1234")
        }
    }

    @Test(arguments: ["coap-client-gnutls", "coap-client-openssl"])
    func libcoapClientWithAnUnknownIdentityOrWrongKeyGetsNothing(tool: String) async throws {
        try await DTLSTestEndpoint.withServer(keys: Self.keys) { server in
            let unknown = try await coapClient(tool, identity: "urn:imei:9999", key: "sesame-1234", port: server.port)
            let wrongKey = try await coapClient(tool, identity: "urn:imei:1234", key: "not-sesame", port: server.port)
            let statistics = try await server.statistics()
            // The unknown identity is refused with the RFC 4279 alert (115); the wrong key's
            // Finished does not decrypt, is dropped as DTLS requires, and the client gives up.
            #expect(unknown.output.contains("115") || unknown.output.lowercased().contains("unknown psk identity"), "\(tool) said: \(unknown.output)")
            for result in [unknown, wrongKey] {
                #expect(!result.timedOut)
                #expect(!result.output.contains("dtls-ok"), "\(tool) said: \(result.output)")
            }
            #expect(statistics.handshakesCompleted == 0)
            #expect(statistics.cookiesSent >= 2)
        }
    }

    @Test func opensslCompletesAHandshakeWithTheMandatorySuite() async throws {
        try await DTLSTestEndpoint.withServer(keys: Self.keys) { server in
            let hexKey = Array("sesame-1234".utf8).map { String(format: "%02x", $0) }.joined()
            let result = try await DTLSProcess.run(
                "/usr/bin/openssl",
                ["s_client", "-dtls1_2", "-connect", "127.0.0.1:\(server.port)", "-psk", hexKey,
                 "-psk_identity", "urn:imei:1234", "-cipher", "PSK-AES128-CCM8"],
                stdin: "", timeout: .seconds(10))
            let statistics = try await server.statistics()
            #expect(!result.timedOut)
            #expect(result.output.contains("Cipher is PSK-AES128-CCM8"), "openssl said: \(result.output)")
            #expect(statistics.handshakesCompleted == 1)
        }
    }

    @Test func ourClientGetsAnAnswerFromLibcoapServer() async throws {
        // coap-server-gnutls listens for DTLS on port+1. Ports are found by probing, so a clash
        // with another process is possible: try a few times.
        var attempts: [String] = []
        for _ in 0..<3 {
            let probe = try await DTLSTestEndpoint.client(identity: "probe", key: [1])
            let dtlsPort = probe.port
            await probe.stop()
            let server = try DTLSProcess.start(
                "/usr/bin/coap-server-gnutls",
                ["-A", "127.0.0.1", "-p", String(dtlsPort - 1), "-k", "libcoap-key", "-h", "CoAP", "-v", "4"])
            var answer: (peer: SocketAddress, data: ByteBuffer, identity: String?)?
            do {
                let client = try await DTLSTestEndpoint.client(identity: "our-device", key: Array("libcoap-key".utf8))
                let serverAddress = try SocketAddress(ipAddress: "127.0.0.1", port: dtlsPort)
                // The client retransmits its ClientHello until the server is up.
                try? await client.send(MiniCoAP.get(messageID: 0x1234), to: serverAddress)
                answer = try? await client.nextMessage(timeout: .seconds(6))
                await client.stop()
            } catch {
                _ = await server.finish(within: .seconds(2), terminate: true)
                throw error
            }
            let serverLog = await server.finish(within: .seconds(2), terminate: true)
            if let reply = answer.flatMap({ MiniCoAP.parse($0.data) }) {
                #expect(reply.code == 0x45)
                #expect(reply.payload.contains("libcoap"))
                return
            }
            attempts.append(serverLog.output)
        }
        Issue.record("no answer from coap-server-gnutls in 3 attempts; it said: \(attempts)")
    }
}
