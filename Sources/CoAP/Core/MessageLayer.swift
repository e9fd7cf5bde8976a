import NIOCore

/// The CoAP message layer as a state machine driven by datagrams, calls and a clock.
///
/// Not thread-safe by design: the endpoint confines it to its event loop, and tests drive it
/// directly with a hand-advanced clock and a seeded random generator. Datagrams to send collect
/// in `outbox`; the owner drains it after every call.
final class MessageLayer {
    var configuration: CoAPConfiguration
    var routes: CoAPRoutes
    var rng: any RandomNumberGenerator
    /// The authenticated identity of a peer (from the security layer), if any.
    var identity: (SocketAddress) -> String? = { _ in nil }
    /// Starts an async handler; the owner must later call `completeIncoming`.
    var startAsyncHandler: (
        _ handler: @escaping @Sendable (CoAPRequestContext) async -> CoAPResponse,
        _ context: CoAPRequestContext, _ pendingID: UInt64
    ) -> Void = { _, _, _ in }

    var counters = CoAPCounters()
    /// Datagrams to write, in order.
    var outbox: [AddressedEnvelope<ByteBuffer>] = []

    private(set) var peers: [SocketAddress: PeerState] = [:]
    private var timers = TimerHeap()
    private var nextSweep: NIODeadline
    private var lastForcedSweep = NIODeadline.uptimeNanoseconds(0)
    private var cachedReplies = 0
    private var outstanding = 0
    private var nextPendingID: UInt64 = 1
    private let allocator = ByteBufferAllocator()
    /// Most exchanges (in flight, queued, awaiting) over all peers.
    var maxOutstanding: Int { configuration.maxOutstandingRequests }

    init(configuration: CoAPConfiguration, routes: CoAPRoutes, rng: any RandomNumberGenerator, now: NIODeadline) {
        self.configuration = configuration
        self.routes = routes
        self.rng = rng
        self.nextSweep = now + Self.sweepInterval(configuration)
    }

    private static func sweepInterval(_ configuration: CoAPConfiguration) -> TimeAmount {
        max(.milliseconds(100), .nanoseconds(configuration.peerIdleTimeout.nanoseconds / 4))
    }

    /// The counters, with the current peer count.
    var currentCounters: CoAPCounters {
        var counters = counters
        counters.peers = peers.count
        return counters
    }

    // MARK: Peers

    func peer(_ address: SocketAddress) -> PeerState? { peers[address] }

    func peerOrCreate(_ address: SocketAddress, now: NIODeadline) -> PeerState? {
        if let peer = peers[address] { return peer }
        if peers.count >= configuration.maxPeers {
            // An early sweep may free room, but at most once a second: a full table of busy
            // peers must not turn every stranger's datagram into a walk over the whole table.
            if now >= lastForcedSweep + .seconds(1) {
                lastForcedSweep = now
                sweep(now: now)
            }
            guard peers.count < configuration.maxPeers else {
                counters.rejectedByLimit += 1
                return nil
            }
        }
        let peer = PeerState(address: address, now: now, firstMessageID: UInt16.random(in: 0...UInt16.max, using: &rng))
        peers[address] = peer
        return peer
    }

    private func remove(_ peer: PeerState, error: CoAPError) {
        peers[peer.address] = nil
        cachedReplies -= peer.recent.count(where: { $0.reply != nil })
        let exchanges = peer.inFlight + peer.queue + peer.awaitingResponse
        outstanding -= exchanges.count
        peer.inFlight = []
        peer.queue = []
        peer.awaitingResponse = []
        for exchange in exchanges { exchange.complete(.failure(error)) }
        let observations = peer.observations.values
        peer.observations = [:]
        for observation in observations { observation.onEvent(.ended(error)) }
        let responses = peer.separateResponses
        peer.separateResponses = []
        for response in responses { response.completion?(.failure(error)) }
    }

    /// A security session ended: its exchanges and observations fail, the peer leaves the table.
    func peerClosed(_ address: SocketAddress) {
        guard let peer = peers[address] else { return }
        remove(peer, error: CoAPError(.peerClosed, "the secure session with \(address) closed"))
    }

    /// Fails everything (endpoint shutdown).
    func closeAll() {
        for peer in Array(peers.values) { remove(peer, error: CoAPError(.endpointClosed, "the CoAP endpoint closed")) }
        timers.removeAll()
    }

    // MARK: Output

    func write(_ buffer: ByteBuffer, to address: SocketAddress) {
        counters.datagramsOut += 1
        outbox.append(AddressedEnvelope(remoteAddress: address, data: buffer))
    }

    func write(_ message: CoAPMessage, to address: SocketAddress) -> ByteBuffer {
        let buffer = CoAPMessageCodec.encode(message, allocator: allocator)
        write(buffer, to: address)
        return buffer
    }

    private func sendReset(_ messageID: UInt16, to address: SocketAddress) {
        counters.resetsOut += 1
        _ = write(.empty(.reset, messageID: messageID), to: address)
    }

    // MARK: Receiving

    /// Handles one datagram (already decrypted when security is on).
    func receive(_ datagram: ByteBuffer, from address: SocketAddress, now: NIODeadline) {
        counters.datagramsIn += 1
        let message: CoAPMessage
        do {
            guard let decoded = try CoAPMessageCodec.decode(datagram) else {
                counters.malformed += 1
                return
            }
            message = decoded
        } catch {
            counters.malformed += 1
            // RFC 7252 §4.2: a CON with a format error is rejected; anything else is dropped.
            if error.type == .confirmable, let messageID = error.messageID { sendReset(messageID, to: address) }
            return
        }
        receive(message, from: address, now: now)
    }

    private func receive(_ message: CoAPMessage, from address: SocketAddress, now: NIODeadline) {
        if message.code.isEmpty {
            switch message.type {
            case .confirmable: sendReset(message.messageID, to: address)  // CoAP ping
            case .acknowledgement: peers[address].map { handleAcknowledgement(message.messageID, peer: $0, now: now) }
            case .reset:
                counters.resetsIn += 1
                peers[address].map { handleReset(message.messageID, peer: $0, now: now) }
            case .nonConfirmable: counters.malformed += 1
            }
            return
        }
        if message.code.isRequest && (message.type == .acknowledgement || message.type == .reset) {
            counters.malformed += 1
            return
        }
        if message.type == .reset {
            counters.malformed += 1
            return
        }
        guard let peer = peerOrCreate(address, now: now) else { return }
        peer.lastActivity = now
        if message.type != .acknowledgement, replayDuplicate(message, peer: peer, now: now) { return }
        if message.code.isRequest {
            handleRequest(message, peer: peer, now: now)
        } else {
            handleResponse(message, peer: peer, now: now)
        }
    }

    /// If `message` repeats a recent message ID, answers it from the cache and returns true.
    private func replayDuplicate(_ message: CoAPMessage, peer: PeerState, now: NIODeadline) -> Bool {
        guard let index = peer.recent.lastIndex(where: { $0.messageID == message.messageID }),
              peer.recent[index].expires > now
        else { return false }
        counters.duplicates += 1
        if let reply = peer.recent[index].reply {
            write(reply, to: peer.address)
        } else if message.type == .confirmable,
                  let pendingID = peer.pendingIncoming.first(where: { $0.value.messageID == message.messageID })?.key,
                  peer.pendingIncoming[pendingID]?.acknowledged == false {
            // Still being handled: stop the peer's retransmissions now, answer separately later.
            peer.pendingIncoming[pendingID]?.acknowledged = true
            let ack = write(.empty(.acknowledgement, messageID: message.messageID), to: peer.address)
            remember(message.messageID, reply: ack, peer: peer, now: now)
        }
        return true
    }

    /// Records a received message ID (and our reply) for de-duplication, within the limits.
    func remember(_ messageID: UInt16, reply: ByteBuffer?, peer: PeerState, now: NIODeadline) {
        if let index = peer.recent.lastIndex(where: { $0.messageID == messageID }) {
            if peer.recent[index].reply == nil, reply != nil {
                guard cachedReplies < configuration.maxCachedResponses else { return }
                cachedReplies += 1
            }
            peer.recent[index].reply = reply
            return
        }
        if peer.recent.count >= configuration.maxCachedResponsesPerPeer, !peer.recent.isEmpty {
            if peer.recent.removeFirst().reply != nil { cachedReplies -= 1 }
        }
        var reply = reply
        if reply != nil {
            if cachedReplies < configuration.maxCachedResponses { cachedReplies += 1 } else { reply = nil }
        }
        peer.recent.append(RecentMessage(messageID: messageID, expires: now + configuration.exchangeLifetime, reply: reply))
    }

    // MARK: Timers

    /// The earliest time `tick` has work to do.
    func nextDeadline() -> NIODeadline? {
        guard let earliest = timers.earliest else { return nextSweep }
        return min(earliest, nextSweep)
    }

    /// Runs every timer due at `now`: retransmissions, timeouts, delayed ACKs, idle expiry.
    func tick(now: NIODeadline) {
        while let (deadline, address) = timers.popDue(now) {
            guard let peer = peers[address], peer.scheduled == deadline else { continue }
            peer.scheduled = nil
            processTimers(peer, now: now)
        }
        if now >= nextSweep {
            sweep(now: now)
            nextSweep = now + Self.sweepInterval(configuration)
        }
    }

    func reschedule(_ peer: PeerState) {
        guard let deadline = peer.earliestDeadline else { return }
        if let scheduled = peer.scheduled, scheduled <= deadline { return }
        peer.scheduled = deadline
        timers.push(deadline, peer.address)
    }

    private func sweep(now: NIODeadline) {
        var expired: [PeerState] = []
        for peer in peers.values where peer.isQuiet && peer.lastActivity + configuration.peerIdleTimeout <= now {
            expired.append(peer)
        }
        for peer in expired {
            counters.peersExpired += 1
            remove(peer, error: CoAPError(.timeout, "peer \(peer.address) expired"))
        }
        // Expired uploads and bodies are dropped here rather than with per-entry timers.
        for peer in peers.values where !peer.block1Uploads.isEmpty || !peer.block2Bodies.isEmpty {
            peer.block1Uploads = peer.block1Uploads.filter { $0.value.expires > now }
            peer.block2Bodies = peer.block2Bodies.filter { $0.value.expires > now }
        }
    }

    private func processTimers(_ peer: PeerState, now: NIODeadline) {
        var finished: [(OutgoingExchange, CoAPError)] = []
        peer.inFlight.removeAll { exchange in
            if exchange.deadline <= now {
                finished.append((exchange, CoAPError(.timeout, "no response from \(peer.address) before the deadline")))
                return true
            }
            guard let next = exchange.nextRetransmit, next <= now, let datagram = exchange.datagram else { return false }
            if exchange.retransmissions >= configuration.maxRetransmit {
                finished.append((exchange, CoAPError(.timeout, "no acknowledgement from \(peer.address) after \(exchange.retransmissions) retransmissions")))
                return true
            }
            exchange.retransmissions += 1
            exchange.retransmitTimeout = exchange.retransmitTimeout * 2
            exchange.nextRetransmit = now + exchange.retransmitTimeout
            counters.retransmissions += 1
            write(datagram, to: peer.address)
            return false
        }
        for list in [\PeerState.queue, \PeerState.awaitingResponse] {
            peer[keyPath: list].removeAll { exchange in
                guard exchange.deadline <= now else { return false }
                finished.append((exchange, CoAPError(.timeout, "no response from \(peer.address) before the deadline")))
                return true
            }
        }
        for (id, pending) in peer.pendingIncoming where pending.type == .confirmable && !pending.acknowledged && pending.ackDeadline <= now {
            peer.pendingIncoming[id]?.acknowledged = true
            let ack = write(.empty(.acknowledgement, messageID: pending.messageID), to: peer.address)
            remember(pending.messageID, reply: ack, peer: peer, now: now)
        }
        var abandoned: [SeparateResponse] = []
        peer.separateResponses.removeAll { response in
            guard response.nextRetransmit <= now, response.retransmissions >= configuration.maxRetransmit else { return false }
            abandoned.append(response)
            return true
        }
        for response in abandoned {
            counters.timeouts += 1
            response.completion?(.failure(CoAPError(.timeout, "\(peer.address) did not acknowledge after \(response.retransmissions) retransmissions")))
        }
        for index in peer.separateResponses.indices where peer.separateResponses[index].nextRetransmit <= now {
            peer.separateResponses[index].retransmissions += 1
            peer.separateResponses[index].timeout = peer.separateResponses[index].timeout * 2
            peer.separateResponses[index].nextRetransmit = now + peer.separateResponses[index].timeout
            counters.retransmissions += 1
            write(peer.separateResponses[index].datagram, to: peer.address)
        }
        outstanding -= finished.count
        counters.timeouts += UInt64(finished.count)
        for (exchange, error) in finished { exchange.complete(.failure(error)) }
        startQueued(peer, now: now)
        reschedule(peer)
    }

    /// The first retransmission timeout: ACK_TIMEOUT × random [1, ACK_RANDOM_FACTOR].
    func initialRetransmitTimeout() -> TimeAmount {
        let unit = Double(rng.next() >> 11) / Double(1 << 53)
        let factor = 1 + (configuration.ackRandomFactor - 1) * unit
        return .nanoseconds(Int64(Double(configuration.ackTimeout.nanoseconds) * factor))
    }

    func takePendingID() -> UInt64 {
        defer { nextPendingID += 1 }
        return nextPendingID
    }

    // MARK: Outstanding-exchange accounting used by the client side

    func reserveOutstanding() -> Bool {
        guard outstanding < maxOutstanding else { return false }
        outstanding += 1
        return true
    }

    func releaseOutstanding() { outstanding -= 1 }
}
