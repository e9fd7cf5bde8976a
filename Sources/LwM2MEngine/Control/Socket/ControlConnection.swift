import NIOCore
import NIOPosix

/// One client connection to a control socket: numbers the requests, matches answers to them by
/// ID, and routes a subscription's event lines into its stream. When the connection ends, every
/// waiting request gets an error and every stream finishes.
actor ControlConnection {
    /// The longest line accepted from the server (an operation with a large result is one line).
    static let maximumLineLength = 64 << 20

    /// What calls get once the daemon has gone.
    static let closedMessage = "the engine closed the control connection"

    /// The underlying channel, for closing it from anywhere.
    nonisolated let channel: any Channel
    /// Where request lines go; set once the read loop runs.
    private var outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>?
    private var nextID: Int64 = 1
    private var replies: [Int64: CheckedContinuation<ControlResponse, Never>] = [:]
    private var subscriptions: [Int64: AsyncStream<EngineEvent>.Continuation] = [:]
    /// Why the connection ended, once it has.
    private var endReason: String?

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to the socket at `path` and starts reading.
    static func open(path: String) async throws(ControlSocketError) -> ControlConnection {
        let wrapped: NIOAsyncChannel<ControlFrame, ByteBuffer>
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: false)
                .channelInitializer { ControlChannel.addDecoder(to: $0, maximumLineLength: maximumLineLength) }
                .connect(unixDomainSocketPath: path).get()
            wrapped = try await ControlChannel.wrap(channel)
        } catch {
            throw ControlSocketError("cannot connect to the engine at \(path): \(error)")
        }
        let connection = ControlConnection(channel: wrapped.channel)
        await connection.run(wrapped)
        return connection
    }

    /// Starts the read loop and returns once requests can be written.
    private func run(_ wrapped: NIOAsyncChannel<ControlFrame, ByteBuffer>) async {
        await withCheckedContinuation { (ready: CheckedContinuation<Void, Never>) in
            Task {
                do {
                    try await wrapped.executeThenClose { inbound, outbound in
                        self.outbound = outbound
                        ready.resume()
                        for try await frame in inbound { self.receive(frame) }
                    }
                } catch {
                    // A reset is the same as a close for the waiting callers.
                }
                self.end(Self.closedMessage)
            }
        }
    }

    /// Sends a request and waits for its answer (an error response when the connection ends).
    func call(_ make: (Int64) -> ControlRequest) async -> ControlResponse {
        let request = make(takeID())
        guard endReason == nil, let outbound else {
            return .failure(request.id, endReason ?? "the control connection is not ready")
        }
        return await withCheckedContinuation { continuation in
            replies[request.id] = continuation
            Task { await self.write(request, to: outbound) }
        }
    }

    /// Subscribes to events; the stream finishes when the connection ends.
    func subscribe() async -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        let id = takeID()
        subscriptions[id] = continuation
        let answer = await call { _ in ControlRequest(id: id, method: .subscribe) }
        if answer.subscribed != true {
            subscriptions[id] = nil
            continuation.finish()
        }
        return stream
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }

    private func takeID() -> Int64 {
        defer { nextID += 1 }
        return nextID
    }

    private func write(_ request: ControlRequest, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        do {
            try await outbound.write(ControlWire.line(request))
        } catch {
            // A failed write on a Unix socket means the daemon has gone: say it the same way as
            // when the read side notices first.
            replies.removeValue(forKey: request.id)?.resume(returning: .failure(request.id, Self.closedMessage))
        }
    }

    private func receive(_ frame: ControlFrame) {
        guard case .line(let text) = frame,
              let response = try? ControlWire.decode(ControlResponse.self, from: text),
              let id = response.id
        else { return }  // Lines we cannot place belong to no caller; nothing to wake.
        if let event = response.event {
            subscriptions[id]?.yield(event)
        } else if let reply = replies.removeValue(forKey: id) {
            reply.resume(returning: response)
        }
    }

    private func end(_ reason: String) {
        endReason = endReason ?? reason
        outbound = nil
        for (id, reply) in replies { reply.resume(returning: .failure(id, reason)) }
        replies = [:]
        for subscription in subscriptions.values { subscription.finish() }
        subscriptions = [:]
    }
}
