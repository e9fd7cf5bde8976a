import CGnuTLSShim
import CoAP
import NIOCore
import Testing

/// A raw GnuTLS client (no `DTLSClient`: it cannot renegotiate or limit record sizes) against
/// the compact server.
@Suite struct DTLSCompactRenegotiationTests {
    @Test func renegotiationOnACompactSessionGetsANoRenegotiationWarning() throws {
        let server = try DTLSServer { $0 == "dev-1" ? Array("secret-1".utf8) : nil }
        let client = try RawGnuTLSClient(identity: "dev-1", key: Array("secret-1".utf8))
        let from = try SocketAddress(ipAddress: "127.0.0.1", port: 40_100)
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        #expect(client.handshake(with: server, from: from, now: now) == GNUTLS_E_SUCCESS)
        let hello = client.step { session in Int32(truncatingIfNeeded: gnutls_record_send(session, "register", 8)) }
        let delivered = hello.datagrams.flatMap { server.inbound($0, from: from, now: now).messages.map(\.data.text) }
        #expect(delivered == ["register"])
        #expect(server.statistics.sessionsCompacted == 1)

        // The client asks to renegotiate: an encrypted ClientHello in epoch 1.
        let renegotiate = client.step { gnutls_handshake($0) }
        #expect(renegotiate.code == GNUTLS_E_AGAIN)
        var answers: [ByteBuffer] = []
        for datagram in renegotiate.datagrams {
            let output = server.inbound(datagram, from: from, now: now)
            answers += output.datagrams.map(\.data)
            #expect(output.closed.isEmpty)
        }
        #expect(answers.count == 1)
        let alert = try #require(answers.first)
        let refused = client.step(input: alert) { gnutls_handshake($0) }
        #expect(refused.code == GNUTLS_E_WARNING_ALERT_RECEIVED)
        #expect(gnutls_alert_get(client.session) == GNUTLS_A_NO_RENEGOTIATION)
        #expect(server.sessionCount == 1, "the session stays")
        #expect(server.statistics.recordsDropped == 0)
    }
}

extension DTLSCompactRenegotiationTests {
    @Test func peerLimitingRecordSizeKeepsItsGnuTLSSessionAndTheLimit() throws {
        let server = try DTLSServer { $0 == "dev-1" ? Array("secret-1".utf8) : nil }
        let client = try RawGnuTLSClient(identity: "dev-1", key: Array("secret-1".utf8))
        #expect(gnutls_record_set_max_size(client.session, 512) == 0)
        let from = try SocketAddress(ipAddress: "127.0.0.1", port: 40_101)
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        #expect(client.handshake(with: server, from: from, now: now) == GNUTLS_E_SUCCESS)
        let hello = client.step { session in Int32(truncatingIfNeeded: gnutls_record_send(session, "register", 8)) }
        let delivered = hello.datagrams.flatMap { server.inbound($0, from: from, now: now).messages.map(\.data.text) }
        #expect(delivered == ["register"])
        #expect(server.statistics.sessionsCompacted == 0, "a compact session would not know the peer's limit")
        let fits = server.outbound(ByteBuffer(repeating: 0x61, count: 512), to: from, now: now)
        let tooLarge = server.outbound(ByteBuffer(repeating: 0x62, count: 513), to: from, now: now)
        #expect(fits.datagrams.count == 1)
        #expect(tooLarge.datagrams.isEmpty)
        #expect(server.statistics.messagesDropped == 1)
        let datagram = try #require(fits.datagrams.first)
        var received = [UInt8](repeating: 0, count: 2_048)
        let read = client.step(input: datagram.data) { session in
            Int32(truncatingIfNeeded: received.withUnsafeMutableBytes { gnutls_record_recv(session, $0.baseAddress, $0.count) })
        }
        #expect(read.code == 512)
    }
}

/// A GnuTLS DTLS client driven by hand through the shim's in-memory transport.
final class RawGnuTLSClient {
    let session: OpaquePointer
    private let transport: UnsafeMutablePointer<cgnutls_transport>
    private let credentials: OpaquePointer
    private let priority: OpaquePointer

    struct Step {
        var code: Int32
        var datagrams: [ByteBuffer]
    }

    init(identity: String, key: [UInt8]) throws {
        guard let transport = cgnutls_transport_new() else { throw DTLSError("no transport") }
        var credentials: OpaquePointer?
        let id = Array(identity.utf8)
        _ = cgnutls_psk_client_credentials_new(&credentials, id, id.count, key, key.count)
        var priority: OpaquePointer?
        _ = gnutls_priority_init(&priority, DTLSConfiguration.defaultPriority, nil)
        var session: OpaquePointer?
        if let credentials, let priority {
            _ = cgnutls_dtls_session_new(&session, 0, priority, GNUTLS_CRD_PSK, UnsafeMutableRawPointer(credentials), transport, 1280, 1000, 30000)
        }
        guard let credentials, let priority, let session else { throw DTLSError("cannot set up the raw client") }
        self.transport = transport
        self.credentials = credentials
        self.priority = priority
        self.session = session
    }

    deinit {
        gnutls_deinit(session)
        gnutls_priority_deinit(priority)
        gnutls_psk_free_client_credentials(credentials)
        cgnutls_transport_free(transport)
    }

    /// Runs the handshake against `server` (datagrams carried by hand); GnuTLS's last code.
    func handshake(with server: DTLSServer, from address: SocketAddress, now: NIODeadline) -> Int32 {
        var toServer = step { gnutls_handshake($0) }.datagrams
        var code = Int32(GNUTLS_E_AGAIN)
        for _ in 0..<10 where code != GNUTLS_E_SUCCESS {
            var toClient: [ByteBuffer] = []
            for datagram in toServer { toClient += server.inbound(datagram, from: address, now: now).datagrams.map(\.data) }
            toServer = []
            for datagram in toClient {
                let result = step(input: datagram) { gnutls_handshake($0) }
                code = result.code
                toServer += result.datagrams
            }
        }
        return code
    }

    /// Lends `input` (if any) to GnuTLS, runs `call`, and returns its code and the datagrams sent.
    func step(input: ByteBuffer? = nil, _ call: (OpaquePointer) -> Int32) -> Step {
        var code: Int32 = 0
        if let input {
            input.withUnsafeReadableBytes { bytes in
                cgnutls_transport_set_input(transport, bytes.baseAddress, bytes.count)
                code = call(session)
                cgnutls_transport_clear_input(transport)
            }
        } else {
            code = call(session)
        }
        var datagrams: [ByteBuffer] = []
        var offset = 0
        var data: UnsafePointer<UInt8>?
        while true {
            let length = cgnutls_transport_next_output(transport, &offset, &data)
            guard length > 0, let data else { break }
            datagrams.append(ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: length)))
        }
        cgnutls_transport_clear_output(transport)
        return Step(code: code, datagrams: datagrams)
    }
}
