import NIOCore
import Testing
@testable import CoAP

@Suite("Block-wise and Observe in the message layer")
struct BlockwiseAndObserveLayerTests {
    private func block1Request(_ body: [UInt8], number: UInt32, szx: UInt8, messageID: UInt16) -> CoAPMessage {
        let size = 16 << Int(szx)
        let start = Int(number) * size
        let end = min(start + size, body.count)
        var options = CoAPOptions()
        options.uriPath = ["fw"]
        options.block1 = CoAPBlock(number: number, more: end < body.count, szx: szx)
        if number == 0 { options.size1 = UInt32(body.count) }
        return CoAPMessage(type: .confirmable, code: .put, messageID: messageID, token: CoAPToken(packed: UInt64(messageID), length: 2),
                           options: options, payload: Array(body[start..<end]))
    }

    @Test("a Block1 upload with a lost 2.31 reply completes; the handler sees the whole body once")
    func block1WithLostReply() throws {
        let bodies = Recorder<[UInt8]>()
        var routes = CoAPRoutes()
        routes.on("/fw", immediate: { context in
            bodies.append(context.payload)
            return CoAPResponse(.changed)
        })
        var configuration = CoAPConfiguration()
        configuration.blockSize = 256
        let harness = try LayerHarness(configuration: configuration, routes: routes)
        let body = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        // The peer starts with 1024-byte blocks; we ask for 256 (szx 4) in the first 2.31.
        harness.deliver(block1Request(body, number: 0, szx: 6, messageID: 1))
        let first = try #require(harness.sent().first)
        #expect(first.code == .continue)
        #expect(first.options.block1 == CoAPBlock(number: 0, more: true, szx: 4))
        // Continue at byte 1024 with 256-byte blocks: block number 4.
        var number: UInt32 = 4
        var messageID: UInt16 = 2
        var lostOnce = false
        while true {
            let request = block1Request(body, number: number, szx: 4, messageID: messageID)
            harness.deliver(request)
            var reply = harness.sent()
            if !lostOnce && number == 6 {
                // The reply is lost: the peer retransmits the same message after its timeout.
                lostOnce = true
                harness.advance(.seconds(2))
                harness.deliver(request)
                reply = harness.sent()
                #expect(harness.layer.currentCounters.duplicates == 1)
            }
            let answer = try #require(reply.first)
            if !request.options.block1!.more {
                #expect(answer.code == .changed)
                #expect(answer.options.block1?.more == false)
                break
            }
            #expect(answer.code == .continue)
            number += 1
            messageID += 1
        }
        #expect(bodies.values == [body])
    }

    @Test("a Block1 block out of order gets 4.08 Request Entity Incomplete")
    func block1OutOfOrder() throws {
        var routes = CoAPRoutes()
        routes.on("/fw", immediate: { _ in CoAPResponse(.changed) })
        let harness = try LayerHarness(routes: routes)
        let body = [UInt8](repeating: 1, count: 4000)
        harness.deliver(block1Request(body, number: 0, szx: 6, messageID: 1))
        _ = harness.sent()
        harness.deliver(block1Request(body, number: 2, szx: 6, messageID: 2))
        #expect(harness.sent().first?.code == .requestEntityIncomplete)
    }

    @Test("a large response goes out in Block2 blocks with Size2; a lost block is asked again and served")
    func block2Serving() throws {
        let calls = Recorder<Int>()
        let body = (0..<2500).map { UInt8(truncatingIfNeeded: $0) }
        var routes = CoAPRoutes()
        routes.on("/big", immediate: { _ in
            calls.append(1)
            return CoAPResponse(.content, payload: body)
        })
        let harness = try LayerHarness(routes: routes)
        harness.deliver(getRequest("big", messageID: 1))
        let first = try #require(harness.sent().first)
        #expect(first.options.block2 == CoAPBlock(number: 0, more: true, szx: 6))
        #expect(first.options.size2 == 2500)
        var received = first.payload
        var messageID: UInt16 = 2
        var request = getRequest("big", messageID: messageID)
        request.options.block2 = CoAPBlock(number: 1, more: false, szx: 6)
        harness.deliver(request)
        _ = harness.sent()  // this reply is "lost"
        harness.advance(.seconds(3))
        harness.deliver(request)  // retransmission: served from the de-duplication cache
        let second = try #require(harness.sent().first)
        received += second.payload
        messageID += 1
        request = getRequest("big", messageID: messageID)
        request.options.block2 = CoAPBlock(number: 2, more: false, szx: 6)
        harness.deliver(request)
        let third = try #require(harness.sent().first)
        #expect(third.options.block2?.more == false)
        received += third.payload
        #expect(received == body)
        #expect(calls.values.count == 1, "later blocks come from the stored body")
    }

    @Test("the client asks for 64-byte blocks early (szx negotiation) and gets them")
    func block2EarlyNegotiation() throws {
        var routes = CoAPRoutes()
        routes.on("/big", immediate: { _ in CoAPResponse(.content, payload: [UInt8](repeating: 9, count: 200)) })
        let harness = try LayerHarness(routes: routes)
        var request = getRequest("big", messageID: 1)
        request.options.block2 = CoAPBlock(number: 0, more: false, szx: 2)
        harness.deliver(request)
        let reply = try #require(harness.sent().first)
        #expect(reply.payload.count == 64)
        #expect(reply.options.block2 == CoAPBlock(number: 0, more: true, szx: 2))
    }

    @Test("notifications arrive in order, stale ones are dropped, unknown tokens get RST, cancel stops them")
    func observeOrdering() throws {
        let harness = try LayerHarness()
        let events = Recorder<String>()
        let box = ResultBox()
        var request = getRequest("temp", messageID: 0).withoutToken
        request.options.observe = 0
        harness.layer.startRequest(request, to: harness.peer, id: 5, deadline: harness.now + .seconds(60), now: harness.now,
                                   observer: { event in
                                       switch event {
                                       case .notification(let message): events.append("n\(message.options.observe ?? 999):\(message.payload.first ?? 0)")
                                       case .ended(let error): events.append("end:\(error.kind)")
                                       }
                                   }, completion: box.set)
        let registration = try #require(harness.sent().first)
        var options = CoAPOptions()
        options.observe = 10
        harness.deliver(CoAPMessage(type: .acknowledgement, code: .content, messageID: registration.messageID, token: registration.token, options: options, payload: [1]))
        #expect(box.response?.payload == [1])

        func notify(_ sequence: UInt32, _ value: UInt8, type: CoAPMessageType, messageID: UInt16) {
            var options = CoAPOptions()
            options.observe = sequence
            harness.deliver(CoAPMessage(type: type, code: .content, messageID: messageID, token: registration.token, options: options, payload: [value]))
        }
        notify(11, 2, type: .confirmable, messageID: 500)
        #expect(harness.sent().first.map { $0.type == .acknowledgement && $0.messageID == 500 } == true, "CON notifications are ACKed")
        notify(9, 3, type: .nonConfirmable, messageID: 501)   // stale: older than 11
        notify(13, 4, type: .nonConfirmable, messageID: 502)
        notify(13, 4, type: .nonConfirmable, messageID: 502)  // duplicate message
        #expect(events.values == ["n11:2", "n13:4"])
        // Wrap-around: 2^24 − 1 then 1 is newer.
        notify(0xFF_FFFF & (13 + (1 << 23) - 1), 5, type: .nonConfirmable, messageID: 503)
        #expect(events.values.count == 3)

        // Passive cancel: the token is forgotten, the next notification gets RST.
        harness.layer.cancelObservation(5, peer: harness.peer, actively: false, deadline: harness.now + .seconds(5), now: harness.now) { _ in }
        _ = harness.sent()
        notify(0xFF_FFFF & (13 + (1 << 23)), 6, type: .confirmable, messageID: 504)
        let reset = try #require(harness.sent().first)
        #expect(reset.type == .reset && reset.messageID == 504)
        #expect(events.values.last == "end:cancelled")
    }

    @Test("an active cancel sends GET with Observe=1 and the same token")
    func observeActiveCancel() throws {
        let harness = try LayerHarness()
        var request = getRequest("temp", messageID: 0).withoutToken
        request.options.observe = 0
        harness.layer.startRequest(request, to: harness.peer, id: 5, deadline: harness.now + .seconds(60), now: harness.now,
                                   observer: { _ in }, completion: { _ in })
        let registration = try #require(harness.sent().first)
        var options = CoAPOptions()
        options.observe = 1
        harness.deliver(CoAPMessage(type: .acknowledgement, code: .content, messageID: registration.messageID, token: registration.token, options: options))
        harness.layer.cancelObservation(5, peer: harness.peer, actively: true, deadline: harness.now + .seconds(5), now: harness.now) { _ in }
        let cancel = try #require(harness.sent().first)
        #expect(cancel.code == .get && cancel.options.observe == 1 && cancel.token == registration.token)
        #expect(cancel.options.uriPath == ["temp"])
    }

    @Test("an error notification ends the observation and tells the owner")
    func observeLost() throws {
        let harness = try LayerHarness()
        let events = Recorder<String>()
        var request = getRequest("temp", messageID: 0).withoutToken
        request.options.observe = 0
        harness.layer.startRequest(request, to: harness.peer, id: 5, deadline: harness.now + .seconds(60), now: harness.now,
                                   observer: { event in
                                       if case .ended(let error) = event { events.append("\(error.kind)") }
                                   }, completion: { _ in })
        let registration = try #require(harness.sent().first)
        var options = CoAPOptions()
        options.observe = 1
        harness.deliver(CoAPMessage(type: .acknowledgement, code: .content, messageID: registration.messageID, token: registration.token, options: options))
        harness.deliver(CoAPMessage(type: .nonConfirmable, code: .notFound, messageID: 600, token: registration.token))
        #expect(events.values == ["protocolViolation"])
        harness.layer.peerClosed(harness.peer)
        #expect(events.values.count == 1, "already ended")
    }
}
