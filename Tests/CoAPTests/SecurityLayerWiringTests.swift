import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import CoAP

@Suite("The DatagramSecurity seam", .serialized)
struct SecurityLayerWiringTests {
    @Test("messages pass through inbound/outbound, handlers see the identity, ticks run at nextDeadline")
    func roundTripThroughSecurity() async throws {
        let serverTicks = Recorder<Int>()
        var routes = CoAPRoutes()
        routes.on("/who", immediate: { context in CoAPResponse(.content, text: context.identity ?? "none") })
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1", routes: routes, security: XORFramingSecurity(ticks: serverTicks))
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1", security: XORFramingSecurity(ticks: Recorder<Int>()))
        let response = try await client.send(CoAPRequest(.get, path: "/who"), to: server.localAddress, timeout: .seconds(5))
        #expect(String(decoding: response.payload, as: UTF8.self) == "id-\(client.localAddress.port ?? -1)")
        // A block-wise transfer through the layer too.
        var bigRoutes = CoAPRoutes()
        bigRoutes.on("/", immediate: { context in CoAPResponse(.changed, text: "\(context.payload.count)") })
        let bigServer = try await CoAPEndpoint.bind(host: "127.0.0.1", routes: bigRoutes, security: XORFramingSecurity(ticks: Recorder<Int>()))
        let upload = try await client.send(CoAPRequest(.post, path: "/up", payload: [UInt8](repeating: 3, count: 5000)), to: bigServer.localAddress, timeout: .seconds(5))
        #expect(String(decoding: upload.payload, as: UTF8.self) == "5000")
        for _ in 0..<100 where serverTicks.values.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!serverTicks.values.isEmpty, "tick ran after nextDeadline")
        await client.close()
        await server.close()
        await bigServer.close()
    }

    @Test("a plain datagram to a secured endpoint is not handled as CoAP")
    func plainDatagramIgnored() async throws {
        var routes = CoAPRoutes()
        routes.on("/", immediate: { _ in CoAPResponse(.content) })
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1", routes: routes, security: XORFramingSecurity(ticks: Recorder<Int>()))
        let plainClient = try await CoAPEndpoint.bind(host: "127.0.0.1")
        await #expect(throws: CoAPError.self) {
            _ = try await plainClient.send(CoAPRequest(.get, path: "/x"), to: server.localAddress, timeout: .milliseconds(400))
        }
        #expect(try await server.counters().requestsIn == 0)
        await plainClient.close()
        await server.close()
    }

    @Test("a closed session fails the pending exchange with peerClosed")
    func closedSessionFailsExchange() async throws {
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1", security: XORFramingSecurity(ticks: Recorder<Int>()))
        // A bare UDP peer that swallows the request and answers with the "closed" marker.
        let peer = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(CloseOnFirstDatagram()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let address = try #require(peer.localAddress)
        let started = Date()
        do {
            _ = try await client.send(CoAPRequest(.get, path: "/x"), to: address, timeout: .seconds(30))
            Issue.record("expected the exchange to fail")
        } catch let error as CoAPError {
            #expect(error.kind == .peerClosed)
        }
        #expect(Date().timeIntervalSince(started) < 5, "failed at once, not by timeout")
        try await peer.close()
        await client.close()
    }
}
