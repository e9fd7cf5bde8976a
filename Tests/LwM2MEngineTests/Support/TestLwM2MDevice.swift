import CoAP
import Foundation
import LwM2M
import NIOCore
import NIOPosix

/// A tiny LwM2M client on a real UDP socket for the engine tests. It speaks just enough CoAP
/// by hand (piggy-backed answers, NON notifications) to register, update, answer reads and
/// writes of a few Device-object resources, be observed, and drop requests when told to.
final class TestLwM2MDevice: @unchecked Sendable {
    // Confinement proof for @unchecked: every mutable field is read and written with `lock` held.
    private let lock = NSLock()
    private var channel: (any Channel)?
    private var values: [LwM2MPath: ResourceValue] = [
        LwM2MPath(object: 3, instance: 0, resource: 0): .string("Acme"),
        LwM2MPath(object: 3, instance: 0, resource: 1): .string("Model 500"),
        LwM2MPath(object: 3, instance: 0, resource: 9): .integer(87),
    ]
    private var dropping = false
    private var answerDelay: Duration = .zero
    private var writeFormats: Set<ContentFormat>?
    private var received: [CoAPMessage] = []
    private var waiting: [CoAPToken: CheckedContinuation<CoAPMessage?, Never>] = [:]
    private var observers: [String: (token: CoAPToken, peer: SocketAddress)] = [:]
    private var observeSequence: UInt32 = 1
    private var notificationPaths: [UInt16: String] = [:]
    private var nextMessageID: UInt16 = UInt16.random(in: 0...UInt16.max)
    private var nextToken: UInt64 = UInt64.random(in: 1...UInt64.max / 2)
    private(set) var location: [String] = []
    let endpointName: String

    init(endpoint: String) async throws {
        endpointName = endpoint
        let bootstrap = DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Inbound(device: self))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        lock.withLock { self.channel = channel }
    }

    func close() async {
        let channel = lock.withLock { self.channel }
        try? await channel?.close()
        let pending = lock.withLock { () -> [CheckedContinuation<CoAPMessage?, Never>] in
            defer { waiting = [:] }
            return Array(waiting.values)
        }
        for continuation in pending { continuation.resume(returning: nil) }
    }

    /// Stop answering requests (they are silently dropped), or answer again.
    func setDropping(_ drop: Bool) { lock.withLock { dropping = drop } }

    /// Answer requests only after this delay (to provoke late answers).
    func setAnswerDelay(_ delay: Duration) { lock.withLock { answerDelay = delay } }

    /// Accept writes only in these formats (others get 4.15), or in any format (nil).
    func acceptWrites(in formats: Set<ContentFormat>?) { lock.withLock { writeFormats = formats } }

    /// Requests received from the engine (dropped ones included), in order.
    var requests: [CoAPMessage] { lock.withLock { received } }

    func value(_ path: LwM2MPath) -> ResourceValue? { lock.withLock { values[path] } }

    /// Changes a value and notifies an observer of that path, if any.
    func change(_ path: LwM2MPath, to value: ResourceValue) {
        let observer = lock.withLock { () -> (token: CoAPToken, peer: SocketAddress, seq: UInt32)? in
            values[path] = value
            guard let o = observers[path.description] else { return nil }
            observeSequence += 1
            return (o.token, o.peer, observeSequence)
        }
        guard let observer, let payload = try? LwM2MCodec.encode(LwM2MNodes([path: value]), format: .tlv, path: path) else { return }
        var options = CoAPOptions()
        options.setUInt(CoAPOptionNumber.observe, observer.seq)
        options.contentFormat = ContentFormat.tlv.rawValue
        let messageID = makeMessageID()
        lock.withLock { notificationPaths[messageID] = path.description }
        send(CoAPMessage(type: .nonConfirmable, code: .content, messageID: messageID, token: observer.token, options: options, payload: payload), to: observer.peer)
    }

    /// True when the engine holds an observation of `path` on this device.
    func isObserved(_ path: LwM2MPath) -> Bool { lock.withLock { observers[path.description] != nil } }

    // MARK: Registration interface

    /// Register; returns the response code (and keeps the Location-Path).
    @discardableResult
    func register(
        at server: SocketAddress, lifetime: Int = 60, version: String = "1.1", extra: [String] = [],
        links: String = "</>;ct=\"0 11542\",</1/0>,</3/0>"
    ) async -> CoAPCode? {
        lock.withLock { observers = [:] } // a registering client starts afresh
        var options = CoAPOptions()
        options.uriPath = ["rd"]
        options.uriQuery = ["ep=\(endpointName)", "lt=\(lifetime)", "lwm2m=\(version)", "b=U"] + extra
        options.contentFormat = ContentFormat.linkFormat.rawValue
        let response = await request(.post, options: options, payload: Array(links.utf8), to: server)
        if let response, response.code == .created { lock.withLock { location = response.options.locationPath } }
        return response?.code
    }

    /// Update at the Location-Path from the last Register.
    @discardableResult
    func update(at server: SocketAddress, query: [String] = []) async -> CoAPCode? {
        var options = CoAPOptions()
        options.uriPath = lock.withLock { location }
        if !query.isEmpty { options.uriQuery = query }
        return await request(.post, options: options, payload: [], to: server)?.code
    }

    /// De-register.
    @discardableResult
    func deregister(at server: SocketAddress) async -> CoAPCode? {
        var options = CoAPOptions()
        options.uriPath = lock.withLock { location }
        return await request(.delete, options: options, payload: [], to: server)?.code
    }

    /// Sends a CON request and waits (at most 5 s) for its answer, piggy-backed or separate.
    func request(_ code: CoAPCode, options: CoAPOptions, payload: [UInt8], to server: SocketAddress) async -> CoAPMessage? {
        let token = lock.withLock { () -> CoAPToken in
            nextToken &+= 1
            return CoAPToken(packed: nextToken, length: 8)
        }
        let message = CoAPMessage(type: .confirmable, code: code, messageID: makeMessageID(), token: token, options: options, payload: payload)
        let timeout = Task { [weak self] in
            try? await Task.sleep(for: .seconds(5))
            self?.resolve(token, with: nil)
        }
        defer { timeout.cancel() }
        return await withCheckedContinuation { continuation in
            lock.withLock { waiting[token] = continuation }
            send(message, to: server)
        }
    }

    private func resolve(_ token: CoAPToken, with message: CoAPMessage?) {
        let continuation = lock.withLock { waiting.removeValue(forKey: token) }
        continuation?.resume(returning: message)
    }

    private func makeMessageID() -> UInt16 {
        lock.withLock {
            nextMessageID &+= 1
            return nextMessageID
        }
    }

    private func send(_ message: CoAPMessage, to peer: SocketAddress) {
        guard let channel = lock.withLock({ self.channel }) else { return }
        let buffer = CoAPMessageCodec.encode(message)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: peer, data: buffer), promise: nil)
    }

    // MARK: Incoming

    fileprivate func receive(_ message: CoAPMessage, from peer: SocketAddress) {
        if message.code.isResponse {
            if message.type == .confirmable { send(.empty(.acknowledgement, messageID: message.messageID), to: peer) }
            resolve(message.token, with: message)
            return
        }
        if message.type == .reset {
            // An RST is empty: it names the notification by message ID only.
            lock.withLock {
                if let path = notificationPaths.removeValue(forKey: message.messageID) { observers[path] = nil }
            }
            return
        }
        guard message.code.isRequest else { return }
        let drop = lock.withLock { () -> Bool in
            received.append(message)
            return dropping
        }
        if drop { return }
        var answer = handle(message, from: peer)
        answer.type = message.type == .confirmable ? .acknowledgement : .nonConfirmable
        answer.messageID = message.type == .confirmable ? message.messageID : makeMessageID()
        answer.token = message.token
        let delay = lock.withLock { answerDelay }
        if delay == .zero {
            send(answer, to: peer)
        } else {
            let reply = answer
            Task { [weak self] in
                try? await Task.sleep(for: delay)
                self?.send(reply, to: peer)
            }
        }
    }

    private func handle(_ message: CoAPMessage, from peer: SocketAddress) -> CoAPMessage {
        if message.code == .post, message.options.uriPath == ["bs"] {
            return CoAPMessage(type: .acknowledgement, code: .changed, messageID: 0) // Bootstrap-Finish
        }
        if message.code == .fetch, message.options.uriPath.isEmpty,
           let format = message.options.contentFormat.flatMap(ContentFormat.init(rawValue:)),
           let paths = try? LwM2MCodec.decodeCompositePaths(message.payload, format: format) {
            // Read-Composite: the values under each asked path, in the same SenML flavour.
            let nodes = lock.withLock { LwM2MNodes(values.filter { entry in paths.contains { entry.key.isDescendant(of: $0) } }) }
            guard let payload = try? LwM2MCodec.encode(nodes, format: format, path: .root) else {
                return CoAPMessage(type: .acknowledgement, code: .internalServerError, messageID: 0)
            }
            var options = CoAPOptions()
            options.contentFormat = format.rawValue
            return CoAPMessage(type: .acknowledgement, code: .content, messageID: 0, options: options, payload: payload)
        }
        let segments = message.options.uriPath.compactMap { UInt16($0) }
        guard segments.count == message.options.uriPath.count, let path = LwM2MPath(segments) else {
            return CoAPMessage(type: .acknowledgement, code: .notFound, messageID: 0)
        }
        switch message.code {
        case .get:
            let nodes = lock.withLock { LwM2MNodes(values.filter { $0.key.isDescendant(of: path) }) }
            guard !nodes.values.isEmpty else { return CoAPMessage(type: .acknowledgement, code: .notFound, messageID: 0) }
            let accept = message.options.accept.flatMap(ContentFormat.init(rawValue:)) ?? .tlv
            if accept == .linkFormat { // Discover
                let links = "</3/0>,</3/0/0>,</3/0/1>,</3/0/9>;pmin=10"
                var options = CoAPOptions()
                options.contentFormat = ContentFormat.linkFormat.rawValue
                return CoAPMessage(type: .acknowledgement, code: .content, messageID: 0, options: options, payload: Array(links.utf8))
            }
            guard accept == .tlv || (accept == .text && path.level == .resource),
                  let payload = try? LwM2MCodec.encode(nodes, format: accept, path: path) else {
                return CoAPMessage(type: .acknowledgement, code: .notAcceptable, messageID: 0)
            }
            var options = CoAPOptions()
            options.contentFormat = accept.rawValue
            if let observe = message.options.observe {
                lock.withLock {
                    if observe == 0 {
                        observers[path.description] = (message.token, peer)
                        options.setUInt(CoAPOptionNumber.observe, observeSequence)
                    } else {
                        observers[path.description] = nil
                    }
                }
            }
            return CoAPMessage(type: .acknowledgement, code: .content, messageID: 0, options: options, payload: payload)
        case .put:
            if let accepted = lock.withLock({ writeFormats }),
               !accepted.contains(message.options.contentFormat.flatMap(ContentFormat.init(rawValue:)) ?? .opaque) {
                return CoAPMessage(type: .acknowledgement, code: .unsupportedContentFormat, messageID: 0)
            }
            guard let format = message.options.contentFormat.flatMap(ContentFormat.init(rawValue:)),
                  let nodes = try? LwM2MCodec.decode(message.payload, format: format, path: path, types: ObjectModel.builtIn.typeLookup) else {
                return CoAPMessage(type: .acknowledgement, code: .badRequest, messageID: 0)
            }
            lock.withLock { values.merge(nodes.values) { _, new in new } }
            return CoAPMessage(type: .acknowledgement, code: .changed, messageID: 0)
        case .post:
            return CoAPMessage(type: .acknowledgement, code: .changed, messageID: 0)
        case .delete:
            return CoAPMessage(type: .acknowledgement, code: .deleted, messageID: 0)
        default:
            return CoAPMessage(type: .acknowledgement, code: .methodNotAllowed, messageID: 0)
        }
    }

    /// Feeds datagrams to the device.
    private final class Inbound: ChannelInboundHandler, @unchecked Sendable {
        // Confinement proof for @unchecked: NIO calls a handler only on its channel's event loop.
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        weak var device: TestLwM2MDevice?
        init(device: TestLwM2MDevice?) { self.device = device }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let message = try? CoAPMessageCodec.decode(envelope.data) else { return }
            device?.receive(message, from: envelope.remoteAddress)
        }
    }
}
