public import NIOCore
import NIOPosix
import NIOConcurrencyHelpers

/// A weak reference to the runtime box, so async handlers in flight do not keep a closed endpoint alive.
struct WeakRuntimeReference: Sendable {
    weak var box: NIOLoopBoundBox<EndpointRuntime>?
}

/// A CoAP endpoint on one UDP socket, serving requests and sending them (both roles at once).
///
/// All protocol state lives on one event loop; the methods here are safe from any task.
public final class CoAPEndpoint: Sendable {
    /// The bound address (with the real port when bound to port 0).
    public let localAddress: SocketAddress
    /// The configuration the endpoint runs with.
    public let configuration: CoAPConfiguration
    let channel: any Channel
    let box: NIOLoopBoundBox<EndpointRuntime>
    private let ids = NIOLockedValueBox<UInt64>(1)

    private init(channel: any Channel, box: NIOLoopBoundBox<EndpointRuntime>, localAddress: SocketAddress, configuration: CoAPConfiguration) {
        self.channel = channel
        self.box = box
        self.localAddress = localAddress
        self.configuration = configuration
    }

    /// Binds a UDP socket on `host`:`port` (0 picks a free port) and starts serving `routes`.
    ///
    /// - Parameters:
    ///   - security: a DTLS layer every datagram goes through; nil for plain CoAP.
    ///   - group: the event loop group; defaults to NIO's shared singleton.
    public static func bind(
        host: String = "0.0.0.0", port: Int = 0, configuration: CoAPConfiguration = CoAPConfiguration(),
        routes: CoAPRoutes = CoAPRoutes(), security: sending (any DatagramSecurity)? = nil,
        group: (any EventLoopGroup)? = nil
    ) async throws -> CoAPEndpoint {
        let group = group ?? MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.next()
        var generator = SystemRandomNumberGenerator()
        let layer = MessageLayer(configuration: configuration, routes: routes, rng: generator, now: .now())
        _ = generator.next()
        let runtime = EndpointRuntime(layer: layer, security: security)
        let box = NIOLoopBoundBox.makeBoxSendingValue(runtime, eventLoop: eventLoop)
        let channel = try await DatagramBootstrap(group: eventLoop)
            // No SO_REUSEADDR: on Linux it would let a second UDP socket share the port and
            // silently split the traffic.
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.datagramVectorReadMessageCount, value: 64)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 64 * 1536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EndpointChannelHandler(box: box))
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let localAddress = channel.localAddress else {
            try? await channel.close()
            throw CoAPError(.endpointClosed, "the UDP socket on \(host):\(port) has no local address")
        }
        try await eventLoop.submit {
            let runtime = box.value
            runtime.channel = channel
            let weakBox = WeakRuntimeReference(box: box)
            runtime.layer.startAsyncHandler = { handler, context, pendingID in
                Task {
                    let response = await handler(context)
                    eventLoop.execute {
                        guard let box = weakBox.box else { return }
                        let now = NIODeadline.now()
                        box.value.layer.completeIncoming(pendingID, peer: context.peer, response: response, now: now)
                        box.value.finish(box: box, now: now)
                    }
                }
            }
            runtime.finish(box: box, now: .now())
        }.get()
        return CoAPEndpoint(channel: channel, box: box, localAddress: localAddress, configuration: configuration)
    }

    /// Closes the socket; pending requests fail with `.endpointClosed`, observations end.
    public func close() async {
        let box = self.box
        try? await channel.eventLoop.submit { box.value.shutDown() }.get()
        try? await channel.close()
    }

    /// The endpoint's counters now.
    public func counters() async throws -> CoAPCounters {
        let box = self.box
        return try await channel.eventLoop.submit { box.value.layer.currentCounters }.get()
    }

    private func nextID() -> UInt64 { ids.withLockedValue { id in defer { id += 1 }; return id } }

    /// Sends `request` to `peer` and returns the response, doing block-wise transfers as needed.
    ///
    /// A payload larger than the block size goes out with Block1; a response with Block2 is
    /// fetched block by block and joined. Throws `CoAPError` on timeout, RST, cancellation or a
    /// limit. A response code like 4.04 is a normal return, not an error.
    public func send(_ request: CoAPRequest, to peer: SocketAddress, timeout: TimeAmount = .seconds(93)) async throws -> CoAPResponse {
        let deadline = NIODeadline.now() + timeout
        let message = CoAPMessage(
            type: request.confirmable ? .confirmable : .nonConfirmable, code: request.method, messageID: 0,
            options: request.options, payload: request.payload)
        let response = try await sendBlock1(message, to: peer, deadline: deadline)
        return try await completeBlock2(response, request: message, to: peer, deadline: deadline)
    }

    /// Fetches the remaining Block2 blocks of `first` (if any) and returns the joined response.
    func completeBlock2(_ first: CoAPMessage, request: CoAPMessage, to peer: SocketAddress, deadline: NIODeadline) async throws -> CoAPResponse {
        var response = first
        guard let firstBlock = response.options.block2, firstBlock.more else {
            return CoAPResponse(response.code, options: response.options, payload: response.payload)
        }
        var body = response.payload
        var block = firstBlock
        var follow = request
        follow.type = .confirmable
        follow.token = .empty
        follow.payload = []
        follow.options.remove(CoAPOptionNumber.block1)
        follow.options.remove(CoAPOptionNumber.size1)
        // RFC 7959 §2.6: the rest of a notification is fetched without Observe.
        follow.options.remove(CoAPOptionNumber.observe)
        while block.more {
            guard body.count <= configuration.maxResponseBodySize else {
                throw CoAPError(.limitExceeded, "the response from \(peer) exceeds \(configuration.maxResponseBodySize) bytes")
            }
            follow.options.block2 = CoAPBlock(number: UInt32(body.count / block.size), more: false, szx: block.szx)
            let next = try await exchange(follow, to: peer, deadline: deadline)
            guard next.code.isSuccess, let nextBlock = next.options.block2, nextBlock.offset == body.count else {
                throw CoAPError(.protocolViolation, "\(peer) answered block \(body.count / block.size) with \(next.code) and block \(next.options.block2?.description ?? "none")")
            }
            body += next.payload
            block = nextBlock
        }
        response.payload = body
        response.options.remove(CoAPOptionNumber.block2)
        return CoAPResponse(response.code, options: response.options, payload: response.payload)
    }

    private func sendBlock1(_ message: CoAPMessage, to peer: SocketAddress, deadline: NIODeadline) async throws -> CoAPMessage {
        var szx = CoAPBlock.szx(forSize: configuration.blockSize)
        let payload = message.payload
        if payload.count <= 16 << Int(szx) {
            let response = try await exchange(message, to: peer, deadline: deadline)
            // 4.13 with a Block1 option names the block size the peer can take (RFC 7959 §2.9.3).
            guard response.code == .requestEntityTooLarge, let asked = response.options.block1,
                  payload.count > 16 << Int(asked.szx) else { return response }
            szx = asked.szx
        }
        var offset = 0
        while true {
            let size = 16 << Int(szx)
            let end = min(offset + size, payload.count)
            var part = message
            part.payload = Array(payload[offset..<end])
            part.options.block1 = CoAPBlock(number: UInt32(offset / size), more: end < payload.count, szx: szx)
            if offset == 0 { part.options.size1 = UInt32(clamping: payload.count) }
            let response = try await exchange(part, to: peer, deadline: deadline)
            // Blocks too large for the peer: start again at the size it names (at most 6 times, as
            // the size only shrinks).
            if response.code == .requestEntityTooLarge, let asked = response.options.block1, asked.szx < szx {
                szx = asked.szx
                offset = 0
                continue
            }
            if end == payload.count || response.code != .continue { return response }
            // The server may ask for smaller blocks (RFC 7959 §2.3); offsets stay aligned.
            if let asked = response.options.block1, asked.szx < szx { szx = asked.szx }
            offset = end
        }
    }

    /// One request/response exchange on the loop, cancellable by the calling task.
    func exchange(
        _ message: CoAPMessage, to peer: SocketAddress, deadline: NIODeadline,
        observer: (@Sendable (ObservationEvent) -> Void)? = nil, id: UInt64? = nil
    ) async throws -> CoAPMessage {
        let id = id ?? nextID()
        let box = self.box
        let promise = channel.eventLoop.makePromise(of: CoAPMessage.self)
        return try await withTaskCancellationHandler {
            channel.eventLoop.execute {
                guard !box.value.isClosed else {
                    promise.fail(CoAPError(.endpointClosed, "the CoAP endpoint is closed"))
                    return
                }
                let now = NIODeadline.now()
                box.value.layer.startRequest(message, to: peer, id: id, deadline: deadline, now: now, observer: observer.map { callback in { callback($0) } }) {
                    promise.completeWith($0.mapError { $0 })
                }
                box.value.finish(box: box, now: now)
            }
            return try await promise.futureResult.get()
        } onCancel: {
            channel.eventLoop.execute {
                let now = NIODeadline.now()
                box.value.layer.cancel(id, peer: peer, now: now)
                box.value.finish(box: box, now: now)
            }
        }
    }

    /// Registers an observation (GET with Observe=0) and returns it with the first response.
    ///
    /// When the server does not accept the observation (no Observe option in the answer), the
    /// returned observation's events end at once.
    public func observe(_ request: CoAPRequest, to peer: SocketAddress, timeout: TimeAmount = .seconds(93)) async throws -> CoAPObservation {
        var message = CoAPMessage(
            type: request.confirmable ? .confirmable : .nonConfirmable, code: request.method, messageID: 0,
            options: request.options, payload: request.payload)
        message.options.observe = 0
        let (events, continuation) = AsyncStream.makeStream(of: CoAPObservationEvent.self)
        let (raw, rawContinuation) = AsyncStream.makeStream(of: ObservationEvent.self)
        let id = nextID()
        let first = try await exchange(message, to: peer, deadline: .now() + timeout, observer: { event in
            rawContinuation.yield(event)
            if case .ended = event { rawContinuation.finish() }
        }, id: id)
        let response: CoAPResponse
        do {
            response = try await completeBlock2(first, request: message, to: peer, deadline: .now() + timeout)
        } catch {
            await cancelObservation(id, peer: peer, actively: false, timeout: timeout)
            throw error
        }
        let established = first.code.isSuccess && first.options.observe != nil
        if !established {
            rawContinuation.finish()
            continuation.yield(.ended(CoAPError(.protocolViolation, "\(peer) did not accept the observation (\(first.code))")))
            continuation.finish()
        } else {
            // One consumer keeps notifications in order while block-wise ones are completed.
            Task {
                for await event in raw {
                    switch event {
                    case .notification(let notification):
                        if let full = try? await self.completeBlock2(notification, request: message, to: peer, deadline: .now() + timeout) {
                            continuation.yield(.notification(full))
                        }
                    case .ended(let error):
                        continuation.yield(.ended(error))
                    }
                }
                continuation.finish()
            }
        }
        return CoAPObservation(id: id, peer: peer, endpoint: self, isEstablished: established, response: response, events: events)
    }

    /// Ends observation `id` (see `CoAPObservation.cancel`).
    func cancelObservation(_ id: UInt64, peer: SocketAddress, actively: Bool, timeout: TimeAmount) async {
        let box = self.box
        let promise = channel.eventLoop.makePromise(of: CoAPMessage.self)
        channel.eventLoop.execute {
            guard !box.value.isClosed else {
                promise.fail(CoAPError(.endpointClosed, "the CoAP endpoint is closed"))
                return
            }
            let now = NIODeadline.now()
            box.value.layer.cancelObservation(id, peer: peer, actively: actively, deadline: now + timeout, now: now) {
                promise.completeWith($0.mapError { $0 })
            }
            box.value.finish(box: box, now: now)
        }
        _ = try? await promise.futureResult.get()
    }

    /// Sends an Observe notification to an observer (the observed side, e.g. a simulated device).
    ///
    /// `token` is the token of the observer's GET with Observe=0 (`CoAPRequestContext.message.token`);
    /// `sequence` must grow with each notification. A CON notification returns once acknowledged;
    /// it throws `CoAPError` `.reset` when the observer rejected it (it no longer observes) or
    /// `.timeout`. A NON notification returns once written. The payload must fit one datagram
    /// (no Block2 for notifications we send).
    public func notify(
        _ response: CoAPResponse, token: CoAPToken, sequence: UInt32, to peer: SocketAddress, confirmable: Bool = false
    ) async throws {
        let box = self.box
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.eventLoop.execute {
            guard !box.value.isClosed else {
                promise.fail(CoAPError(.endpointClosed, "the CoAP endpoint is closed"))
                return
            }
            let now = NIODeadline.now()
            box.value.layer.sendNotification(response, token: token, sequence: sequence, confirmable: confirmable, to: peer, now: now) {
                promise.completeWith($0.mapError { $0 })
            }
            box.value.finish(box: box, now: now)
        }
        try await promise.futureResult.get()
    }
}
