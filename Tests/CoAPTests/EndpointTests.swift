import NIOCore
import Testing
@testable import CoAP

@Suite("Two endpoints over real UDP on 127.0.0.1")
struct EndpointTests {
    @Test("a slow async handler answers separately; the caller still gets the response")
    func separateResponseOverUDP() async throws {
        var configuration = CoAPConfiguration()
        configuration.separateResponseDelay = .milliseconds(20)
        var routes = CoAPRoutes()
        routes.on("/slow", async: { _ in
            try? await Task.sleep(for: .milliseconds(150))
            return CoAPResponse(.content, text: "done")
        })
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1", configuration: configuration, routes: routes)
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let response = try await client.send(CoAPRequest(.get, path: "/slow"), to: server.localAddress, timeout: .seconds(5))
        #expect(String(decoding: response.payload, as: UTF8.self) == "done")
        let serverCounters = try await server.counters()
        #expect(serverCounters.datagramsOut == 2, "empty ACK, then the CON response")
        await client.close()
        await server.close()
    }

    @Test("block-wise both ways between two of our endpoints, with a small block size")
    func blockwiseBetweenOurEndpoints() async throws {
        var serverConfiguration = CoAPConfiguration()
        serverConfiguration.blockSize = 64
        var routes = CoAPRoutes()
        routes.on("/echo", immediate: { context in CoAPResponse(.changed, payload: context.payload.reversed()) })
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1", configuration: serverConfiguration, routes: routes)
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let body = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // One deadline covers the whole transfer: 142 sequential exchanges, each waking the
        // calling task. With the whole suite running on two loaded cores a wake-up can take tens
        // of milliseconds, so the bound is the RFC's default (it catches a hang, not slowness).
        let response = try await client.send(CoAPRequest(.post, path: "/echo", payload: body), to: server.localAddress, timeout: .seconds(93))
        #expect(response.code == .changed)
        #expect(response.payload == body.reversed())
        #expect(response.options.block2 == nil, "joined body, no block option left")
        // The client starts with its own 1024-byte blocks and the server asks for 64 (RFC 7959
        // §2.3): 1 + 63 Block1 requests up, then 78 Block2 requests for the rest of the answer.
        // So the transfer really went in 64-byte blocks both ways (duplicates are not counted).
        let block1Requests = 1 + (body.count - 1024 + 63) / 64
        let block2Requests = (body.count + 63) / 64 - 1
        let requestsIn = try await server.counters().requestsIn
        #expect(requestsIn == UInt64(block1Requests + block2Requests))
        await client.close()
        await server.close()
    }

    @Test("nobody listening: the request times out at the caller's deadline")
    func timeout() async throws {
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let silent = try SocketAddress(ipAddress: "127.0.0.1", port: ExternalProcess.freeUDPPort())
        await #expect {
            _ = try await client.send(CoAPRequest(.get, path: "/x"), to: silent, timeout: .milliseconds(300))
        } throws: { ($0 as? CoAPError)?.kind == .timeout }
        #expect(try await client.counters().timeouts == 1)
        await client.close()
    }

    @Test("cancelling the calling task cancels the exchange")
    func cancellation() async throws {
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let silent = try SocketAddress(ipAddress: "127.0.0.1", port: ExternalProcess.freeUDPPort())
        let task = Task { try await client.send(CoAPRequest(.get, path: "/x"), to: silent, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { ($0 as? CoAPError)?.kind == .cancelled }
        await client.close()
    }

    @Test("closing the endpoint fails what is pending")
    func closeFailsPending() async throws {
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let silent = try SocketAddress(ipAddress: "127.0.0.1", port: ExternalProcess.freeUDPPort())
        let task = Task { try await client.send(CoAPRequest(.get, path: "/x"), to: silent, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        await client.close()
        await #expect {
            _ = try await task.value
        } throws: { ($0 as? CoAPError)?.kind == .endpointClosed }
    }

    @Test("a request after close fails at once")
    func sendAfterClose() async throws {
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        await client.close()
        let anyPeer = try SocketAddress(ipAddress: "127.0.0.1", port: 9)
        await #expect {
            _ = try await client.send(CoAPRequest(.get, path: "/x"), to: anyPeer, timeout: .seconds(30))
        } throws: { ($0 as? CoAPError)?.kind == .endpointClosed }
    }
}
