import CoAP
import NIOCore
import Testing

/// DTLS server and client driven in memory with a hand-advanced clock.
@Suite struct DTLSSessionTests {
    @Test func handshakeDeliversQueuedMessagesInOrderAndExposesIdentity() throws {
        let link = try DTLSLink()
        link.clientSends("first")
        link.clientSends("second")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["first", "second"])
        #expect(link.server.identity(of: link.clientAddress) == "dev-1")
        #expect(link.client.identity(of: link.serverAddress) == "dev-1")
        link.serverSends("answer")
        link.pump()
        #expect(link.clientMessages.map(\.text) == ["answer"])
        #expect(link.server.statistics.handshakesCompleted == 1)
    }

    @Test func firstClientHelloGetsACookieAndNoState() throws {
        let link = try DTLSLink()
        link.clientSends("hello")
        let flight = link.takeInFlight()
        #expect(flight.count == 1)
        let hello = try #require(flight.first?.datagram.data)
        let reply = link.server.inbound(hello, from: link.clientAddress, now: link.now)
        #expect(reply.datagrams.count == 1)
        // HelloVerifyRequest: handshake record, message type 3.
        let verify = try #require(reply.datagrams.first?.data)
        #expect(verify.getInteger(at: 0, as: UInt8.self) == 22)
        #expect(verify.getInteger(at: 13, as: UInt8.self) == 3)
        #expect(link.server.sessionCount == 0)
        #expect(link.server.statistics.cookiesSent == 1)
    }

    @Test func unknownIdentityFailsTheHandshake() throws {
        let link = try DTLSLink(identity: "stranger")
        link.clientSends("hello")
        var alerts: [UInt8] = []
        link.pump { toServer, data in
            // A plaintext alert record: type 21, epoch 0, then level and description.
            if !toServer, data.getInteger(at: 0, as: UInt8.self) == 21, let description = data.getInteger(at: 14, as: UInt8.self) {
                alerts.append(description)
            }
            return data
        }
        #expect(alerts == [115], "unknown_psk_identity")
        #expect(link.serverMessages.isEmpty)
        #expect(link.clientClosed == [link.serverAddress])
        #expect(link.server.identity(of: link.clientAddress) == nil)
        #expect(link.server.sessionCount == 0)
        #expect(link.server.statistics.handshakesFailed == 1)
    }

    @Test func wrongKeyFailsTheHandshake() throws {
        let link = try DTLSLink(key: Array("not-the-key".utf8))
        link.clientSends("hello")
        link.pump()
        #expect(link.serverMessages.isEmpty)
        #expect(link.server.identity(of: link.clientAddress) == nil)
        #expect(link.client.isEstablished(with: link.serverAddress) == false)
        // The client's Finished does not decrypt, so (as DTLS requires) the server drops it
        // silently; both handshakes then run out of time.
        link.now = link.now + .seconds(31)
        link.tick()
        #expect(link.clientClosed == [link.serverAddress])
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.sessionCount == 0)
        #expect(link.server.statistics.handshakesCompleted == 0)
    }

    @Test func everyConfiguredSuiteCompletesAHandshake() throws {
        let suites = ["+PSK:+AES-128-CCM-8", "+PSK:+AES-128-CCM", "+PSK:+AES-128-GCM", "+ECDHE-PSK:+AES-128-CBC", "+ECDHE-PSK:+CHACHA20-POLY1305"]
        for suite in suites {
            let priority = "NONE:+VERS-DTLS1.2:+COMP-NULL:+SIGN-ALL:+GROUP-SECP256R1:+AEAD:+SHA256:" + suite
            let link = try DTLSLink(serverConfiguration: DTLSConfiguration(), clientConfiguration: DTLSConfiguration(priority: priority))
            link.clientSends("via \(suite)")
            link.pump()
            #expect(link.serverMessages.map(\.text) == ["via \(suite)"], "suite \(suite)")
        }
    }

    @Test func badPriorityStringIsAClearError() {
        #expect(throws: DTLSError.self) {
            _ = try DTLSServer(configuration: DTLSConfiguration(priority: "NONE:+NO-SUCH-THING")) { _ in nil }
        }
    }

    @Test func undecryptableRecordIsDroppedAndSessionSurvives() throws {
        let link = try DTLSLink()
        link.clientSends("one")
        link.pump()
        link.clientSends("tampered")
        link.pump { toServer, data in
            var copy = data
            let last = copy.writerIndex - 1
            if toServer, let byte = copy.getInteger(at: last, as: UInt8.self) {
                copy.setInteger(byte ^ 0xFF, at: last)
            }
            return copy
        }
        link.clientSends("two")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["one", "two"])
        #expect(link.server.statistics.recordsDropped == 1)
        #expect(link.serverClosed.isEmpty)
    }

    @Test func garbageFromAStrangerIsDroppedWithoutState() throws {
        let link = try DTLSLink()
        let output = link.server.inbound(ByteBuffer(string: "GET / HTTP/1.0\r\n\r\n"), from: link.clientAddress, now: link.now)
        #expect(output.datagrams.isEmpty)
        #expect(link.server.sessionCount == 0)
        #expect(link.server.statistics.datagramsDropped == 1)
    }

    @Test func closeNotifyEndsTheSessionOnBothSides() throws {
        let link = try DTLSLink()
        link.clientSends("hi")
        link.pump()
        let bye = link.client.close(link.serverAddress)
        #expect(bye.closed == [link.serverAddress])
        for datagram in bye.datagrams {
            let output = link.server.inbound(datagram.data, from: link.clientAddress, now: link.now)
            link.serverClosed += output.closed
        }
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.sessionCount == 0)
    }

    @Test func idleSessionExpiresOnTheInjectedClock() throws {
        let idle = DTLSConfiguration(idleTimeout: .seconds(60))
        let link = try DTLSLink(serverConfiguration: idle)
        link.clientSends("hi")
        link.pump()
        link.now = link.now + .seconds(30)
        link.clientSends("still here")
        link.pump()
        link.now = link.now + .seconds(45)
        link.tick()
        #expect(link.server.sessionCount == 1, "activity 45 s ago keeps the session")
        link.now = link.now + .seconds(30)
        let deadline = try #require(link.server.nextDeadline())
        #expect(deadline <= link.now)
        link.tick()
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.sessionCount == 0)
        #expect(link.server.statistics.sessionsExpired == 1)
    }

    @Test func handshakeTimesOutOnTheInjectedClock() throws {
        let link = try DTLSLink(clientConfiguration: DTLSConfiguration(handshakeTimeout: .seconds(10)))
        link.clientSends("lost")
        _ = link.takeInFlight()  // the server never answers
        #expect(link.client.nextDeadline() != nil)
        link.now = link.now + .seconds(11)
        link.tick()
        #expect(link.clientClosed == [link.serverAddress])
        #expect(link.client.statistics.handshakesFailed == 1)
        #expect(link.client.statistics.messagesDropped == 1)
        #expect(link.client.nextDeadline() == nil)
    }

    @Test func newHandshakeFromSameAddressReplacesTheSession() throws {
        let link = try DTLSLink(keys: ["dev-1": Array("secret-1".utf8), "dev-2": Array("secret-2".utf8)])
        link.clientSends("from dev-1")
        link.pump()
        #expect(link.server.identity(of: link.clientAddress) == "dev-1")
        // The device restarts with new credentials on the same address and port.
        link.client = try DTLSClient(identity: "dev-2", key: Array("secret-2".utf8))
        link.clientSends("from dev-2")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["from dev-1", "from dev-2"])
        #expect(link.server.identity(of: link.clientAddress) == "dev-2")
        #expect(link.serverClosed == [link.clientAddress])
        #expect(link.server.statistics.sessionsReplaced == 1)
        #expect(link.server.sessionCount == 1)
    }

    @Test func lateDuplicateClientHelloDoesNotReplaceTheSession() throws {
        let link = try DTLSLink()
        link.clientSends("hi")
        var hellos: [ByteBuffer] = []
        link.pump { toServer, data in
            if toServer, data.getInteger(at: 0, as: UInt8.self) == 22, data.getInteger(at: 13, as: UInt8.self) == 1 {
                hellos.append(data)
            }
            return data
        }
        #expect(hellos.count == 2, "ClientHello, then ClientHello with the cookie")
        let late = try #require(hellos.last)
        let output = link.server.inbound(late, from: link.clientAddress, now: link.now)
        #expect(output.closed.isEmpty)
        #expect(link.server.statistics.sessionsReplaced == 0)
        #expect(link.server.identity(of: link.clientAddress) == "dev-1")
        link.clientSends("still the same session")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["hi", "still the same session"])
    }

    @Test func halfOpenHandshakesAreBoundedAndTheOldestGivesWay() throws {
        let server = try DTLSServer(configuration: DTLSConfiguration(maxHandshakes: 4)) { $0 == "dev-1" ? Array("k".utf8) : nil }
        let serverAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 5684)
        let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        // Ten attackers each complete the cookie exchange, then go silent.
        for port in 50_000..<50_010 {
            let attacker = try DTLSClient(identity: "dev-1", key: Array("k".utf8))
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            var toServer = attacker.outbound(ByteBuffer(string: "x"), to: serverAddress, now: now).datagrams
            for _ in 0..<2 {
                var toAttacker: [AddressedEnvelope<ByteBuffer>] = []
                for datagram in toServer {
                    toAttacker += server.inbound(datagram.data, from: address, now: now).datagrams
                }
                toServer = toAttacker.flatMap { attacker.inbound($0.data, from: serverAddress, now: now).datagrams }
            }
            #expect(server.handshakesInProgress <= 4)
        }
        #expect(server.handshakesInProgress == 4)
        #expect(server.statistics.handshakesEvicted == 6)
        // A legitimate client still gets in.
        let legit = try DTLSClient(identity: "dev-1", key: Array("k".utf8))
        let legitAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 40_000)
        var toServer = legit.outbound(ByteBuffer(string: "legit"), to: serverAddress, now: now).datagrams
        var received: [String] = []
        for _ in 0..<4 where !toServer.isEmpty {
            var toLegit: [AddressedEnvelope<ByteBuffer>] = []
            for datagram in toServer {
                let output = server.inbound(datagram.data, from: legitAddress, now: now)
                toLegit += output.datagrams
                received += output.messages.map(\.data.text)
            }
            toServer = toLegit.flatMap { legit.inbound($0.data, from: serverAddress, now: now).datagrams }
        }
        #expect(received == ["legit"])
        #expect(server.identity(of: legitAddress) == "dev-1")
    }

    @Test func recordsFitTheMTU() throws {
        let small = DTLSConfiguration(mtu: 400)
        let link = try DTLSLink(serverConfiguration: small, clientConfiguration: small)
        link.clientSends("hi")
        var sizes: [Int] = []
        link.pump { sizes.append($1.readableBytes); return $1 }
        link.serverSends(String(repeating: "a", count: 300))
        link.pump { sizes.append($1.readableBytes); return $1 }
        #expect(link.clientMessages.map(\.text.count) == [300])
        #expect(sizes.allSatisfy { $0 <= 400 })
        // A message larger than the record space is dropped, not sent oversized.
        link.serverSends(String(repeating: "b", count: 1_000))
        #expect(link.pendingDatagrams == 0)
        #expect(link.server.statistics.messagesDropped == 1)
    }
}

extension DTLSSessionTests {
    @Test func cookieFromThePreviousKeyIsHonouredButNotOlder() throws {
        for (wait, admitted) in [(TimeAmount.seconds(61), true), (.seconds(125), false)] {
            let link = try DTLSLink(serverConfiguration: DTLSConfiguration(cookieKeyLifetime: .seconds(60)))
            link.clientSends("hi")
            link.pump(limit: 2)  // ClientHello → HelloVerifyRequest → the ClientHello with the cookie waits
            link.now = link.now + wait
            let flight = link.takeInFlight()
            let withCookie = try #require(flight.first?.datagram.data)
            let output = link.server.inbound(withCookie, from: link.clientAddress, now: link.now)
            #expect(link.server.handshakesInProgress == (admitted ? 1 : 0), "after \(wait)")
            #expect(link.server.statistics.cookiesSent == (admitted ? 1 : 2), "after \(wait)")
            #expect(!output.datagrams.isEmpty)
        }
    }
}

extension DTLSSessionTests {
    @Test func clientRestartingMidHandshakeGetsANewSession() throws {
        let link = try DTLSLink()
        link.clientSends("lost")
        // Deliver ClientHello, HelloVerifyRequest, ClientHello with cookie; drop the server's flight.
        link.pump(limit: 3)
        _ = link.takeInFlight()
        #expect(link.server.handshakesInProgress == 1)
        link.client = try DTLSClient(identity: "dev-1", key: Array("secret-1".utf8))
        link.clientSends("after restart")
        link.pump()
        #expect(link.serverMessages.map(\.text) == ["after restart"])
        #expect(link.server.statistics.sessionsReplaced == 1)
        #expect(link.server.handshakesInProgress == 0)
        #expect(link.server.sessionCount == 1)
    }
}
