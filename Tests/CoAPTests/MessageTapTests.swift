import NIOCore
import Testing
@testable import CoAP

/// The message tap (per-device VERBOSE logging): copies of the messages to and from tapped
/// peers only, in order, as plain CoAP.
@Suite("Message tap over real UDP on 127.0.0.1")
struct MessageTapTests {
    @Test("a tapped peer's request and answer are copied in order; an untapped peer's are not")
    func tapsOnlyChosenPeers() async throws {
        var routes = CoAPRoutes()
        routes.on("/x", immediate: { _ in CoAPResponse(.content, text: "ok") })
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1", routes: routes)
        let tapped = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let other = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let (copies, continuation) = AsyncStream.makeStream(of: CoAPTappedMessage.self)
        server.setMessageTap { continuation.yield($0) }
        server.setTapped(tapped.localAddress, true)
        _ = try await server.counters() // runs on the loop after the two calls above

        _ = try await other.send(CoAPRequest(.get, path: "/x"), to: server.localAddress, timeout: .seconds(5))
        _ = try await tapped.send(CoAPRequest(.get, path: "/x"), to: server.localAddress, timeout: .seconds(5))
        var iterator = copies.makeAsyncIterator()
        let request = try #require(await iterator.next())
        let answer = try #require(await iterator.next())
        #expect(request.direction == .received)
        #expect(request.peer == tapped.localAddress)
        let requestMessage = try #require(try CoAPMessageCodec.decode(request.bytes))
        #expect(requestMessage.code == .get)
        #expect(requestMessage.options.uriPath == ["x"])
        #expect(answer.direction == .sent)
        let answerMessage = try #require(try CoAPMessageCodec.decode(answer.bytes))
        #expect(answerMessage.code == .content)
        #expect(answerMessage.messageID == requestMessage.messageID)
        #expect(answerMessage.payload == Array("ok".utf8))

        // Untapped: its next exchange is not copied; the first copy after it is the other peer's.
        server.setTapped(tapped.localAddress, false)
        server.setTapped(other.localAddress, true)
        _ = try await server.counters()
        _ = try await tapped.send(CoAPRequest(.get, path: "/x"), to: server.localAddress, timeout: .seconds(5))
        _ = try await other.send(CoAPRequest(.get, path: "/x"), to: server.localAddress, timeout: .seconds(5))
        let next = try #require(await iterator.next())
        #expect(next.peer == other.localAddress)
        #expect(next.direction == .received)

        continuation.finish()
        await tapped.close()
        await other.close()
        await server.close()
    }
}
