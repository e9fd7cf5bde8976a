import CoAP
import NIOCore
import Testing

/// Established server sessions made compact (GnuTLS session freed, record layer kept): they
/// must behave exactly as GnuTLS sessions do, against a real GnuTLS client.
@Suite struct DTLSCompactSessionTests {
    static let aeadSuites = [
        "+PSK:+AES-128-CCM-8", "+PSK:+AES-128-CCM", "+PSK:+AES-128-GCM", "+PSK:+CHACHA20-POLY1305",
        "+ECDHE-PSK:+CHACHA20-POLY1305",
    ]

    static func link(suite: String, server: DTLSConfiguration = DTLSConfiguration()) throws -> DTLSLink {
        let priority = "NONE:+VERS-DTLS1.2:+COMP-NULL:+SIGN-ALL:+GROUP-SECP256R1:+AEAD:+SHA256:" + suite
        return try DTLSLink(serverConfiguration: server, clientConfiguration: DTLSConfiguration(priority: priority))
    }

    @Test(arguments: aeadSuites)
    func compactSessionCarriesTrafficBothWays(suite: String) throws {
        let link = try Self.link(suite: suite)
        link.clientSends("register")
        link.pump()
        #expect(link.server.statistics.sessionsCompacted == 1, "compact after the first application record")
        for round in 1...3 {
            link.serverSends("request \(round)")
            link.pump()
            link.clientSends("answer \(round)")
            link.pump()
        }
        #expect(link.serverMessages.map(\.text) == ["register", "answer 1", "answer 2", "answer 3"])
        #expect(link.clientMessages.map(\.text) == ["request 1", "request 2", "request 3"])
        #expect(link.server.identity(of: link.clientAddress) == "dev-1")
        #expect(link.server.statistics.recordsDropped == 0)
        #expect(link.serverClosed.isEmpty && link.clientClosed.isEmpty)
    }

    @Test func cbcSuiteKeepsItsGnuTLSSessionAndWorks() throws {
        let link = try Self.link(suite: "+ECDHE-PSK:+AES-128-CBC")
        link.clientSends("register")
        link.pump()
        link.serverSends("request")
        link.pump()
        #expect(link.server.statistics.sessionsCompacted == 0)
        #expect(link.serverMessages.map(\.text) == ["register"])
        #expect(link.clientMessages.map(\.text) == ["request"])
    }

    @Test func turnedOffKeepsGnuTLSSessions() throws {
        let link = try Self.link(suite: "+PSK:+AES-128-CCM-8", server: DTLSConfiguration(compactSessions: false))
        link.clientSends("register")
        link.pump()
        link.serverSends("request")
        link.pump()
        #expect(link.server.statistics.sessionsCompacted == 0)
        #expect(link.clientMessages.map(\.text) == ["request"])
    }

    @Test func replayedRecordIsDroppedOnceCompact() throws {
        let link = try Self.link(suite: "+PSK:+AES-128-CCM-8")
        link.clientSends("register")
        link.pump()
        link.clientSends("update")
        var captured: ByteBuffer?
        link.pump { toServer, data in
            if toServer { captured = data }
            return data
        }
        let replay = try #require(captured)
        let output = link.server.inbound(replay, from: link.clientAddress, now: link.now)
        #expect(output.messages.isEmpty)
        #expect(link.server.statistics.recordsDropped == 1)
        link.clientSends("after")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["register", "update", "after"])
    }

    @Test func recordFromAnotherEpochOrTruncatedIsDropped() throws {
        let link = try Self.link(suite: "+PSK:+AES-128-GCM")
        link.clientSends("register")
        link.pump()
        link.clientSends("next")
        var record = ByteBuffer()
        link.pump { toServer, data in
            if toServer { record = data; return nil }
            return data
        }
        var epochTwo = record
        epochTwo.setInteger(UInt16(2), at: 3)
        var truncated = record
        truncated.moveWriterIndex(to: record.writerIndex - 3)
        for bad in [epochTwo, truncated] {
            #expect(link.server.inbound(bad, from: link.clientAddress, now: link.now).messages.isEmpty)
        }
        #expect(link.server.statistics.recordsDropped == 2)
        // The genuine record still opens: nothing above was accepted into the replay window.
        #expect(link.server.inbound(record, from: link.clientAddress, now: link.now).messages.map(\.data.text) == ["next"])
    }

    @Test func serverCloseSendsCloseNotifyTheClientAccepts() throws {
        let link = try Self.link(suite: "+PSK:+AES-128-CCM-8")
        link.clientSends("register")
        link.pump()
        let bye = link.server.close(link.clientAddress)
        #expect(bye.closed == [link.clientAddress])
        #expect(bye.datagrams.count == 1)
        for datagram in bye.datagrams {
            link.clientClosed += link.client.inbound(datagram.data, from: link.serverAddress, now: link.now).closed
        }
        #expect(link.clientClosed == [link.serverAddress], "the client read our close_notify")
        #expect(link.server.sessionCount == 0)
    }

    @Test func clientCloseNotifyEndsTheCompactSession() throws {
        let link = try Self.link(suite: "+PSK:+AES-128-CCM-8")
        link.clientSends("register")
        link.pump()
        for datagram in link.client.close(link.serverAddress).datagrams {
            link.serverClosed += link.server.inbound(datagram.data, from: link.clientAddress, now: link.now).closed
        }
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.sessionCount == 0)
    }

    @Test func oversizedMessageIsDroppedAndTheSessionStays() throws {
        let small = DTLSConfiguration(mtu: 400)
        let link = try DTLSLink(serverConfiguration: small, clientConfiguration: small)
        link.clientSends("register")
        link.pump()
        #expect(link.server.statistics.sessionsCompacted == 1)
        // CCM-8: 13-byte header + 8-byte explicit nonce + 8-byte tag leave 371 bytes.
        link.serverSends(String(repeating: "a", count: 371))
        var sizes: [Int] = []
        link.pump { sizes.append($1.readableBytes); return $1 }
        link.serverSends(String(repeating: "b", count: 372))
        #expect(link.pendingDatagrams == 0)
        #expect(link.server.statistics.messagesDropped == 1)
        link.serverSends("small")
        link.pump()
        #expect(link.clientMessages.map(\.text.count) == [371, 5])
        #expect(sizes == [400])
    }

    @Test func idleCompactSessionExpiresWithCloseNotify() throws {
        let link = try DTLSLink(serverConfiguration: DTLSConfiguration(idleTimeout: .seconds(60)))
        link.clientSends("register")
        link.pump()
        link.now = link.now + .seconds(61)
        link.tick()
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.statistics.sessionsExpired == 1)
        link.pump()
        #expect(link.clientClosed == [link.serverAddress], "the client read the close_notify")
    }
}
