import NIOCore
import Testing
@testable import CoAP

@Suite("Message layer with a hand-driven clock")
struct MessageLayerTests {
    private func resultBox() -> ResultBox { ResultBox() }

    @Test("a CON nobody answers is sent 5 times with doubling timeouts, then times out")
    func retransmissionTiming() throws {
        let harness = try LayerHarness()
        let box = resultBox()
        harness.layer.startRequest(getRequest("a", messageID: 0).withoutToken, to: harness.peer, id: 1,
                                   deadline: harness.now + .seconds(600), now: harness.now, completion: box.set)
        let start = harness.now
        var sendTimes: [Int64] = []
        var messageIDs: Set<UInt16> = []
        for message in harness.sent() {
            sendTimes.append(0)
            messageIDs.insert(message.messageID)
        }
        // Step the clock in 10 ms increments for 100 s, noting when each copy goes out.
        for _ in 0..<10_000 {
            harness.advance(.milliseconds(10))
            for message in harness.sent() {
                sendTimes.append((harness.now - start).nanoseconds / 1_000_000)
                messageIDs.insert(message.messageID)
            }
        }
        #expect(sendTimes.count == 5, "1 transmission + MAX_RETRANSMIT 4")
        #expect(messageIDs.count == 1, "retransmissions reuse the message ID")
        let first = try #require(sendTimes.dropFirst().first)
        #expect(first >= 2_000 && first <= 3_010, "initial timeout is ACK_TIMEOUT × [1, 1.5]")
        for index in 2..<sendTimes.count {
            let gap = sendTimes[index] - sendTimes[index - 1]
            let previousGap = sendTimes[index - 1] - (index >= 2 ? sendTimes[index - 2] : 0)
            #expect(abs(gap - 2 * previousGap) <= 20, "timeouts double: \(sendTimes)")
        }
        let failure = try #require(box.error)
        #expect(failure.kind == .timeout)
        let counters = harness.layer.currentCounters
        #expect(counters.retransmissions == 4)
        #expect(counters.timeouts == 1)
    }

    @Test("a piggy-backed ACK stops retransmission and completes the request")
    func piggybackedResponse() throws {
        let harness = try LayerHarness()
        let box = resultBox()
        harness.layer.startRequest(getRequest("a", messageID: 0).withoutToken, to: harness.peer, id: 1,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: box.set)
        let request = try #require(harness.sent().first)
        harness.deliver(CoAPMessage(type: .acknowledgement, code: .content, messageID: request.messageID, token: request.token, payload: [42]))
        #expect(box.response?.payload == [42])
        harness.advance(.seconds(30))
        #expect(harness.sent().isEmpty, "no retransmission after the ACK")
    }

    @Test("a repeated CON is answered from the cache and the handler runs once")
    func deduplication() throws {
        let calls = Recorder<Int>()
        var routes = CoAPRoutes()
        routes.on("/count", immediate: { _ in
            calls.append(1)
            return CoAPResponse(.content, text: "n=\(calls.values.count)")
        })
        let harness = try LayerHarness(routes: routes)
        harness.deliver(getRequest("count", messageID: 7))
        let first = harness.sentBytes()
        harness.advance(.seconds(3))
        harness.deliver(getRequest("count", messageID: 7))
        let second = harness.sentBytes()
        #expect(calls.values.count == 1)
        #expect(first.count == 1 && second == first, "the duplicate gets the identical datagram")
        #expect(harness.layer.currentCounters.duplicates == 1)
        // A new message ID is a new request.
        harness.deliver(getRequest("count", messageID: 8))
        #expect(calls.values.count == 2)
        // After EXCHANGE_LIFETIME the ID may be reused as a new request.
        harness.advance(.seconds(248))
        harness.deliver(getRequest("count", messageID: 7))
        #expect(calls.values.count == 3)
    }

    @Test("a slow handler gets an empty ACK first, then a CON response retransmitted until ACKed")
    func separateResponse() throws {
        var routes = CoAPRoutes()
        routes.on("/slow", async: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(routes: routes)
        harness.deliver(getRequest("slow", messageID: 100, token: 0xCAFE))
        #expect(harness.sent().isEmpty, "nothing before the separate-response delay")
        harness.advance(.milliseconds(1_100))
        let ack = try #require(harness.sent().first)
        #expect(ack.type == .acknowledgement && ack.code == .empty && ack.messageID == 100)
        // The peer retransmits its request: the empty ACK is replayed, the handler is not re-run.
        harness.deliver(getRequest("slow", messageID: 100, token: 0xCAFE))
        #expect(harness.sent().first?.code == .empty)
        #expect(harness.pendingAsync.count == 1)

        let pending = try #require(harness.pendingAsync.first)
        harness.layer.completeIncoming(pending.id, peer: harness.peer, response: CoAPResponse(.content, text: "late"), now: harness.now)
        let response = try #require(harness.sent().first)
        #expect(response.type == .confirmable)
        #expect(response.token == CoAPToken(packed: 0xCAFE, length: 2))
        #expect(response.payload == Array("late".utf8))
        harness.advance(.seconds(4))
        #expect(harness.sent().first?.messageID == response.messageID, "retransmitted while unacknowledged")
        harness.deliver(.empty(.acknowledgement, messageID: response.messageID))
        harness.advance(.seconds(60))
        #expect(harness.sent().isEmpty, "no retransmission after the ACK")
    }

    @Test("a fast async handler answers piggy-backed in the ACK")
    func asyncPiggybacked() throws {
        var routes = CoAPRoutes()
        routes.on("/quick", async: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(routes: routes)
        harness.deliver(getRequest("quick", messageID: 5))
        harness.advance(.milliseconds(200))
        let pending = try #require(harness.pendingAsync.first)
        harness.layer.completeIncoming(pending.id, peer: harness.peer, response: CoAPResponse(.changed), now: harness.now)
        let reply = try #require(harness.sent().first)
        #expect(reply.type == .acknowledgement && reply.messageID == 5 && reply.code == .changed)
        harness.advance(.seconds(5))
        #expect(harness.sent().isEmpty, "no extra empty ACK later")
    }

    @Test("our request acknowledged empty completes when the separate CON response arrives, which we ACK")
    func clientSeparateResponse() throws {
        let harness = try LayerHarness()
        let first = resultBox()
        let second = resultBox()
        harness.layer.startRequest(getRequest("a", messageID: 0).withoutToken, to: harness.peer, id: 1,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: first.set)
        harness.layer.startRequest(getRequest("b", messageID: 0).withoutToken, to: harness.peer, id: 2,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: second.set)
        let request = try #require(harness.sent().first)
        harness.deliver(.empty(.acknowledgement, messageID: request.messageID))
        let next = harness.sent()
        #expect(next.count == 1 && next.first?.options.uriPath == ["b"], "the empty ACK ends the outstanding interaction (NSTART)")
        harness.advance(.seconds(10))
        #expect(harness.sent().allSatisfy { $0.options.uriPath == ["b"] }, "no retransmission of the acknowledged request")
        harness.deliver(CoAPMessage(type: .confirmable, code: .content, messageID: 900, token: request.token, payload: [1]))
        #expect(first.response?.payload == [1])
        let ack = try #require(harness.sent().first)
        #expect(ack.type == .acknowledgement && ack.messageID == 900)
    }

    @Test("NSTART 1: a second request to the same peer waits until the first is answered")
    func nstartQueueing() throws {
        let harness = try LayerHarness()
        let boxes = (0..<3).map { _ in resultBox() }
        for (index, box) in boxes.enumerated() {
            harness.layer.startRequest(getRequest("r\(index)", messageID: 0).withoutToken, to: harness.peer, id: UInt64(index),
                                       deadline: harness.now + .seconds(200), now: harness.now, completion: box.set)
        }
        let other = try SocketAddress(ipAddress: "127.0.0.1", port: 40002)
        let otherBox = resultBox()
        harness.layer.startRequest(getRequest("x", messageID: 0).withoutToken, to: other, id: 9,
                                   deadline: harness.now + .seconds(200), now: harness.now, completion: otherBox.set)
        let wave = harness.sent()
        #expect(wave.map(\.options.uriPath) == [["r0"], ["x"]], "one per peer on the wire")
        harness.deliver(CoAPMessage(type: .acknowledgement, code: .content, messageID: wave[0].messageID, token: wave[0].token))
        let next = harness.sent()
        #expect(next.map(\.options.uriPath) == [["r1"]])
        // Cancelling the in-flight one lets the third go.
        harness.layer.cancel(1, peer: harness.peer, now: harness.now)
        #expect(boxes[1].error?.kind == .cancelled)
        #expect(harness.sent().map(\.options.uriPath) == [["r2"]])
        #expect(boxes[0].response?.code == .content)
    }

    @Test("the per-peer queue and the global outstanding limit refuse requests beyond them")
    func requestLimits() throws {
        var configuration = CoAPConfiguration()
        configuration.maxQueuedPerPeer = 1
        configuration.maxOutstandingRequests = 3
        let harness = try LayerHarness(configuration: configuration)
        let boxes = (0..<4).map { _ in ResultBox() }
        for index in 0..<3 {
            harness.layer.startRequest(getRequest("q", messageID: 0).withoutToken, to: harness.peer, id: UInt64(index),
                                       deadline: harness.now + .seconds(60), now: harness.now, completion: boxes[index].set)
        }
        #expect(boxes[0].result == nil && boxes[1].result == nil, "one in flight, one queued")
        #expect(boxes[2].error?.kind == .limitExceeded, "the queue holds one")
        let other = try SocketAddress(ipAddress: "127.0.0.1", port: 40009)
        harness.layer.startRequest(getRequest("q", messageID: 0).withoutToken, to: other, id: 7,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: boxes[3].set)
        #expect(boxes[3].result == nil, "two outstanding so far, the third is allowed")
        let fifth = ResultBox()
        harness.layer.startRequest(getRequest("q", messageID: 0).withoutToken, to: other, id: 8,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: fifth.set)
        #expect(fifth.error?.kind == .limitExceeded, "the global cap of 3 is reached")
        #expect(harness.layer.currentCounters.rejectedByLimit == 2)
    }

    @Test("tokens are matched per peer: the right token from another address does not complete the request")
    func tokensPerPeer() throws {
        let harness = try LayerHarness()
        let box = ResultBox()
        harness.layer.startRequest(getRequest("a", messageID: 0).withoutToken, to: harness.peer, id: 1,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: box.set)
        let request = try #require(harness.sent().first)
        #expect(request.token.length == 8, "default token length")
        let stranger = try SocketAddress(ipAddress: "127.0.0.1", port: 40077)
        harness.deliver(CoAPMessage(type: .confirmable, code: .content, messageID: 1, token: request.token), from: stranger)
        #expect(box.result == nil)
        #expect(harness.sent().first?.type == .reset, "the stranger's response is rejected")
        harness.deliver(CoAPMessage(type: .nonConfirmable, code: .content, messageID: 2, token: request.token))
        #expect(box.response?.code == .content, "a NON response from the right peer completes it")
    }

    @Test("a NON request is sent once and never retransmitted")
    func nonRequestNotRetransmitted() throws {
        let harness = try LayerHarness()
        let box = ResultBox()
        var request = getRequest("a", messageID: 0, type: .nonConfirmable).withoutToken
        request.type = .nonConfirmable
        harness.layer.startRequest(request, to: harness.peer, id: 1, deadline: harness.now + .seconds(20), now: harness.now, completion: box.set)
        #expect(harness.sent().count == 1)
        for _ in 0..<30 { harness.advance(.seconds(1)) }
        #expect(harness.sent().isEmpty)
        #expect(box.error?.kind == .timeout)
    }

    @Test("RST to our CON fails the request; a CON response nobody waits for gets RST")
    func resets() throws {
        let harness = try LayerHarness()
        let box = resultBox()
        harness.layer.startRequest(getRequest("a", messageID: 0).withoutToken, to: harness.peer, id: 1,
                                   deadline: harness.now + .seconds(60), now: harness.now, completion: box.set)
        let request = try #require(harness.sent().first)
        harness.deliver(.empty(.reset, messageID: request.messageID))
        #expect(box.error?.kind == .reset)
        harness.deliver(CoAPMessage(type: .confirmable, code: .content, messageID: 77, token: CoAPToken(packed: 0xDEAD, length: 2)))
        let reset = try #require(harness.sent().first)
        #expect(reset.type == .reset && reset.messageID == 77)
        // A CoAP ping (empty CON) is answered with RST too.
        harness.deliver(.empty(.confirmable, messageID: 78))
        #expect(harness.sent().first.map { $0.type == .reset && $0.messageID == 78 } == true)
        #expect(harness.layer.currentCounters.resetsIn == 1)
        #expect(harness.layer.currentCounters.resetsOut == 2)
    }

    @Test("an unknown critical option gets 4.02; an unknown path gets 4.04")
    func badOptionAndNotFound() throws {
        var routes = CoAPRoutes()
        routes.on("/a", immediate: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(routes: routes)
        var request = getRequest("a", messageID: 1)
        request.options.append(CoAPOption(number: 2049, value: [1]))
        harness.deliver(request)
        #expect(harness.sent().first?.code == .badOption)
        var elective = getRequest("a", messageID: 2)
        elective.options.append(CoAPOption(number: 2048, value: [1]))
        harness.deliver(elective)
        #expect(harness.sent().first?.code == .content, "unknown elective options are ignored")
        harness.deliver(getRequest("nope", messageID: 3))
        #expect(harness.sent().first?.code == .notFound)
    }

    @Test("a NON request gets a NON response with the same token")
    func nonRequest() throws {
        var routes = CoAPRoutes()
        routes.on("/", immediate: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(routes: routes)
        harness.deliver(getRequest("x", messageID: 11, token: 0x77, type: .nonConfirmable))
        let reply = try #require(harness.sent().first)
        #expect(reply.type == .nonConfirmable && reply.token == CoAPToken(packed: 0x77, length: 2) && reply.messageID != 11)
    }

    @Test("the peer table is bounded and idle peers expire")
    func peerLimitsAndExpiry() throws {
        var configuration = CoAPConfiguration()
        configuration.maxPeers = 2
        configuration.peerIdleTimeout = .seconds(10)
        var routes = CoAPRoutes()
        routes.on("/", immediate: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(configuration: configuration, routes: routes)
        for port in 1...3 {
            harness.deliver(getRequest("x", messageID: 1), from: try SocketAddress(ipAddress: "127.0.0.1", port: 50000 + port))
        }
        #expect(harness.sent().count == 2, "the third peer is refused while the table is full")
        #expect(harness.layer.currentCounters.peers == 2)
        #expect(harness.layer.currentCounters.rejectedByLimit == 1)
        harness.advance(.seconds(14))
        #expect(harness.layer.currentCounters.peers == 0)
        #expect(harness.layer.currentCounters.peersExpired == 2)
        harness.deliver(getRequest("x", messageID: 1), from: try SocketAddress(ipAddress: "127.0.0.1", port: 50003))
        #expect(harness.sent().count == 1, "room again after expiry")
    }

    @Test("seeded random and hand-made malformed datagrams are dropped or RST, counted, never crash")
    func malformedDatagrams() throws {
        var routes = CoAPRoutes()
        routes.on("/", immediate: { _ in CoAPResponse(.content) })
        let harness = try LayerHarness(routes: routes)
        let handMade: [[UInt8]] = [
            [0x40, 0x01],                              // truncated header
            [0x49, 0x01, 0x00, 0x01] + [UInt8](repeating: 0, count: 9),  // TKL 9
            [0x4F, 0x01, 0x00, 0x02],                  // TKL 15
            [0x40, 0x01, 0x00, 0x03, 0xF5, 1, 2, 3, 4, 5],  // delta 15
            [0x40, 0x01, 0x00, 0x04, 0xFF],            // payload marker, no payload
            [0x50, 0x01, 0x00, 0x05, 0xFF],            // NON with payload marker, no payload
        ]
        for bytes in handMade {
            var buffer = ByteBuffer()
            buffer.writeBytes(bytes)
            harness.layer.receive(buffer, from: harness.peer, now: harness.now)
        }
        let replies = harness.sent()
        #expect(replies.map(\.type) == [.reset, .reset, .reset, .reset], "CONs with a readable header get RST")
        #expect(replies.map(\.messageID) == [1, 2, 3, 4])
        #expect(harness.layer.currentCounters.malformed == 6)

        var rng = SplitMix64(seed: 2024)
        for _ in 0..<20_000 {
            var bytes = (0..<Int.random(in: 0...48, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if !bytes.isEmpty && Bool.random(using: &rng) { bytes[0] = 0x40 | (bytes[0] & 0x3F) }
            var buffer = ByteBuffer()
            buffer.writeBytes(bytes)
            harness.layer.receive(buffer, from: harness.peer, now: harness.now)
            harness.now = harness.now + .milliseconds(1)
            _ = harness.sent()
        }
        let counters = harness.layer.currentCounters
        #expect(counters.datagramsIn == 20_006)
        #expect(counters.malformed > 5_000)
        #expect(counters.resetsOut > 100)
    }
}
