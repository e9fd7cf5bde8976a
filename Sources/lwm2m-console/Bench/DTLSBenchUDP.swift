import CoAP
import NIOCore
import NIOPosix

/// The UDP variant of `bench dtls`: a DTLS server on one socket and event loop, PSK clients on
/// their own sockets (one source port each) and event loop, so the figure includes the kernel.
enum DTLSBenchUDP {
    /// What one UDP run measured.
    struct Figures {
        var seconds: Double
        var completed: Int
        var held: Int
    }

    static func run(keys: [String: [UInt8]], priority: String, concurrency: Int) async throws -> Figures {
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let figures = try await measure(keys: keys, priority: priority, concurrency: concurrency, serverGroup: serverGroup, clientGroup: clientGroup)
            try? await serverGroup.shutdownGracefully()
            try? await clientGroup.shutdownGracefully()
            return figures
        } catch {
            try? await serverGroup.shutdownGracefully()
            try? await clientGroup.shutdownGracefully()
            throw error
        }
    }

    private static func measure(
        keys: [String: [UInt8]], priority: String, concurrency: Int,
        serverGroup: MultiThreadedEventLoopGroup, clientGroup: MultiThreadedEventLoopGroup
    ) async throws -> Figures {
        let total = keys.count
        let configuration = DTLSConfiguration(maxSessions: total + 1)
        let serverChannel = try await DatagramBootstrap(group: serverGroup)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let server = try DTLSServer(configuration: configuration) { keys[$0] }
                    try channel.pipeline.syncOperations.addHandler(BenchServerHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let serverAddress = serverChannel.localAddress else { throw DTLSError("server socket has no address") }

        let loop = clientGroup.next()
        let done = loop.makePromise(of: [any Channel].self)
        let clock = ContinuousClock()
        let started = clock.now
        try await loop.submit {
            let launcher = BenchLauncher(
                loop: loop, server: serverAddress, identities: Array(keys.keys), keys: keys,
                priority: priority, concurrency: concurrency, done: done)
            launcher.launchMore()
        }.get()
        let channels = try await done.futureResult.get()
        let elapsed = clock.now - started

        let held = try await serverChannel.eventLoop.submit {
            try serverChannel.pipeline.syncOperations.handler(type: BenchServerHandler.self).server.sessionCount
        }.get()
        for channel in channels { try? await channel.close() }
        try? await serverChannel.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(seconds: seconds, completed: channels.count, held: held)
    }
}

/// Feeds the server socket's datagrams through the DTLS server and sends what it produces.
final class BenchServerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let server: DTLSServer

    init(server: DTLSServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let output = server.inbound(envelope.data, from: envelope.remoteAddress, now: .now())
        for datagram in output.datagrams {
            context.write(wrapOutboundOut(datagram), promise: nil)
        }
        context.flush()
    }
}

/// Starts client handshakes, keeping `concurrency` in flight, until every identity connected.
/// Lives on the client event loop only.
final class BenchLauncher {
    private let loop: any EventLoop
    private let server: SocketAddress
    private let identities: [String]
    private let keys: [String: [UInt8]]
    private let priority: String
    private let concurrency: Int
    private let done: EventLoopPromise<[any Channel]>
    private var next = 0
    private var inFlight = 0
    private var channels: [any Channel] = []

    init(loop: any EventLoop, server: SocketAddress, identities: [String], keys: [String: [UInt8]], priority: String, concurrency: Int, done: EventLoopPromise<[any Channel]>) {
        self.loop = loop
        self.server = server
        self.identities = identities
        self.keys = keys
        self.priority = priority
        self.concurrency = concurrency
        self.done = done
    }

    func launchMore() {
        while inFlight < concurrency, next < identities.count {
            let identity = identities[next]
            next += 1
            inFlight += 1
            do {
                let client = try DTLSClient(identity: identity, key: keys[identity] ?? [], configuration: DTLSConfiguration(priority: priority))
                let handler = BenchClientHandler(client: client, server: server, launcher: NIOLoopBound(self, eventLoop: loop))
                let bound = NIOLoopBound(handler, eventLoop: loop)
                DatagramBootstrap(group: loop)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(bound.value) }
                    }
                    .bind(host: "127.0.0.1", port: 0)
                    .whenFailure { [done] error in done.fail(error) }
            } catch {
                done.fail(error)
                return
            }
        }
    }

    func connected(_ channel: any Channel) {
        inFlight -= 1
        channels.append(channel)
        if channels.count == identities.count {
            done.succeed(channels)
        } else {
            launchMore()
        }
    }
}

/// One benchmark client: sends a message (starting the handshake) and reports when connected.
final class BenchClientHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let client: DTLSClient
    private let server: SocketAddress
    private let launcher: NIOLoopBound<BenchLauncher>
    private var reported = false

    init(client: DTLSClient, server: SocketAddress, launcher: NIOLoopBound<BenchLauncher>) {
        self.client = client
        self.server = server
        self.launcher = launcher
    }

    func channelActive(context: ChannelHandlerContext) {
        write(client.outbound(ByteBuffer(string: "hello"), to: server, now: .now()), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        write(client.inbound(unwrapInboundIn(data).data, from: server, now: .now()), context: context)
        if !reported, client.isEstablished(with: server) {
            reported = true
            launcher.value.connected(context.channel)
        }
    }

    private func write(_ output: SecurityOutput, context: ChannelHandlerContext) {
        for datagram in output.datagrams {
            context.write(wrapOutboundOut(datagram), promise: nil)
        }
        context.flush()
    }
}
