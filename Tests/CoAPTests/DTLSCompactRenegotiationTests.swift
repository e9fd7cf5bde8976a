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
        let again = client.step { session in Int32(truncatingIfNeeded: gnutls_record_send(session, "update", 6)) }
        #expect(again.datagrams.flatMap { server.inbound($0, from: from, now: now).messages.map(\.data.text) } == ["update"])
        let fits = server.outbound(ByteBuffer(repeating: 0x61, count: 512), to: from, now: now)
        // Epoch 1 so far: only our Finished (0); the refused probes left no trace.
        #expect(fits.datagrams.first?.data.getInteger(at: 3, as: UInt64.self) == 1 << 48 | 1)
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
