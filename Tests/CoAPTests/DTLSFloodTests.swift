import CoAP
import NIOCore
import NIOPosix
import Testing

/// Completes the cookie exchange once, sends the ClientHello with the cookie, then goes silent:
/// the server is left holding a half-open handshake.
final class DTLSHalfOpenHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let client: DTLSClient
    private let server: SocketAddress
    private var answered = false

    init(server: SocketAddress) throws {
        self.server = server
        client = try DTLSClient(identity: "attacker", key: Array("whatever".utf8))
    }

    func channelActive(context: ChannelHandlerContext) {
        write(client.outbound(ByteBuffer(string: "x"), to: server, now: .now()), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        write(client.inbound(unwrapInboundIn(data).data, from: server, now: .now()), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}

    private func write(_ output: SecurityOutput, context: ChannelHandlerContext) {
        for datagram in output.datagrams {
            context.write(wrapOutboundOut(datagram), promise: nil)
        }
        context.flush()
    }
}

/// Ignores whatever arrives (HelloVerifyRequests sent to spoofed ClientHellos).
final class DTLSDiscardHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}

extension DTLSInteropTests {
    static let floodBatches = 20
    static let halfOpensPerBatch = 100
    static let spoofedPerBatch = 250

    @Test func legitimateClientConnectsWithinTwoSecondsDuringAFlood() async throws {
        try await DTLSTestEndpoint.withServer(keys: ["legit": Array("legit-key".utf8)]) { server in
            let attackers = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                try await flood(server, from: attackers)
            } catch {
                try? await attackers.shutdownGracefully()
                throw error
            }
            try? await attackers.shutdownGracefully()
        }
    }

    private func flood(_ server: DTLSTestEndpoint, from attackers: MultiThreadedEventLoopGroup) async throws {
        let serverAddress = server.address
        // A real ClientHello (no cookie) to replay from many ports.
        let template = try #require(try DTLSClient(identity: "spoof", key: [1])
            .outbound(ByteBuffer(string: "x"), to: serverAddress, now: .now()).datagrams.first?.data)
        let flood = Task {
            var sockets: [any Channel] = []
            for _ in 0..<Self.floodBatches {
                for _ in 0..<Self.halfOpensPerBatch {
                    sockets.append(try await DatagramBootstrap(group: attackers)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(DTLSHalfOpenHandler(server: serverAddress))
                            }
                        }
                        .bind(host: "127.0.0.1", port: 0).get())
                }
                let spoofer = try await DatagramBootstrap(group: attackers)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(DTLSDiscardHandler())
                        }
                    }
                    .bind(host: "127.0.0.1", port: 0).get()
                sockets.append(spoofer)
                for _ in 0..<Self.spoofedPerBatch {
                    spoofer.write(AddressedEnvelope(remoteAddress: serverAddress, data: template), promise: nil)
                }
                try await spoofer.writeAndFlush(AddressedEnvelope(remoteAddress: serverAddress, data: template))
                // Pace the batches so the server's receive buffer is not simply overrun
                // (that would test the kernel, not the DTLS layer).
                try await Task.sleep(for: .milliseconds(20))
            }
            return sockets
        }
        // Connect once the flood is under way: the handshake table is full and evicting.
        let underWay = NIODeadline.now() + .seconds(10)
        while try await server.statistics().handshakesEvicted < 100, NIODeadline.now() < underWay {
            try await Task.sleep(for: .milliseconds(5))  // polling the server, not asserting on time
        }
        let client = try await DTLSTestEndpoint.client(identity: "legit", key: Array("legit-key".utf8))
        let started = NIODeadline.now()
        try await client.send(MiniCoAP.get(messageID: 7), to: serverAddress)
        let answer = try? await client.nextMessage(timeout: .seconds(2))
        let elapsed = NIODeadline.now() - started
        let during = try await server.statistics()
        #expect(during.handshakesEvicted >= 100, "the table was full when the client connected")
        await client.stop()
        let sockets = try await flood.value
        // Let the server drain its socket: wait until its counters stop moving (bounded).
        var after = try await server.statistics()
        let drained = NIODeadline.now() + .seconds(5)
        while NIODeadline.now() < drained {
            try await Task.sleep(for: .milliseconds(50))
            let now = try await server.statistics()
            if now == after { break }
            after = now
        }
        let inProgress = try await server.handshakesInProgress()
        for socket in sockets { try? await socket.close() }

        let reply = try #require(answer.flatMap { MiniCoAP.parse($0.data) }, "no answer within 2 s during the flood")
        #expect(reply.payload == "dtls-ok legit")
        #expect(elapsed < .seconds(2))
        #expect(during.cookiesSent < after.cookiesSent, "the flood was still running when the client connected")
        // UDP may lose some of the flood in the kernel; count what the server really handled.
        let limit = DTLSConfiguration().maxHandshakes
        #expect(after.cookiesSent >= 3_000, "thousands of ClientHellos answered statelessly")
        #expect(after.handshakesEvicted + inProgress >= 1_000, "a thousand or more half-open handshakes")
        #expect(inProgress <= limit)
        print("DTLS flood: \(after.cookiesSent) cookies, \(after.handshakesEvicted) half-open handshakes evicted, \(inProgress) held, legitimate client answered in \(elapsed.nanoseconds / 1_000_000) ms")
        #expect(after.handshakesCompleted == 1)
    }
}
