import NIOCore

/// The client role: our requests, their retransmission and matching, and observations.
extension MessageLayer {
    /// Queues `message` (a request; token filled in when empty) for `address`.
    ///
    /// `completion` runs exactly once on this loop. With `observer` set and a successful response
    /// carrying Observe, the token stays registered and later notifications go to `observer`.
    func startRequest(
        _ message: CoAPMessage, to address: SocketAddress, id: UInt64, deadline: NIODeadline, now: NIODeadline,
        observer: ((ObservationEvent) -> Void)? = nil,
        completion: @escaping (Result<CoAPMessage, CoAPError>) -> Void
    ) {
        guard let peer = peerOrCreate(address, now: now) else {
            completion(.failure(CoAPError(.limitExceeded, "the peer table is full (\(configuration.maxPeers) peers)")))
            return
        }
        guard reserveOutstanding() else {
            counters.rejectedByLimit += 1
            completion(.failure(CoAPError(.limitExceeded, "too many requests outstanding (\(maxOutstanding))")))
            return
        }
        var message = message
        if message.token.length == 0 && !message.code.isEmpty { message.token = freshToken(for: peer) }
        let exchange = OutgoingExchange(id: id, message: message, deadline: deadline, observer: observer, completion: completion)
        peer.lastActivity = now
        if peer.inFlight.count < configuration.nstart {
            transmit(exchange, peer: peer, now: now)
        } else if peer.queue.count < configuration.maxQueuedPerPeer {
            peer.queue.append(exchange)
        } else {
            releaseOutstanding()
            counters.rejectedByLimit += 1
            exchange.complete(.failure(CoAPError(.limitExceeded, "\(peer.queue.count) requests already wait for \(address)")))
            return
        }
        reschedule(peer)
    }

    private func freshToken(for peer: PeerState) -> CoAPToken {
        let length = UInt8(max(1, min(8, configuration.tokenLength)))
        while true {
            let token = CoAPToken(packed: rng.next(), length: length)
            let inUse = peer.inFlight.contains { $0.message.token == token } || peer.queue.contains { $0.message.token == token }
                || peer.awaitingResponse.contains { $0.message.token == token } || peer.observations[token] != nil
            if !inUse { return token }
        }
    }

    private func transmit(_ exchange: OutgoingExchange, peer: PeerState, now: NIODeadline) {
        exchange.message.messageID = peer.takeMessageID()
        counters.requestsOut += 1
        exchange.datagram = write(exchange.message, to: peer.address)
        if exchange.message.type == .confirmable {
            exchange.retransmitTimeout = initialRetransmitTimeout()
            exchange.nextRetransmit = now + exchange.retransmitTimeout
        }
        peer.inFlight.append(exchange)
    }

    /// Sends queued requests while fewer than NSTART are outstanding.
    func startQueued(_ peer: PeerState, now: NIODeadline) {
        while peer.inFlight.count < configuration.nstart, !peer.queue.isEmpty {
            transmit(peer.queue.removeFirst(), peer: peer, now: now)
        }
    }

    private func finish(_ exchange: OutgoingExchange, _ result: Result<CoAPMessage, CoAPError>, peer: PeerState, now: NIODeadline) {
        releaseOutstanding()
        if case .success(let response) = result, let observer = exchange.observer,
           response.code.isSuccess, let sequence = response.options.observe {
            peer.observations[exchange.message.token] = ObservationState(
                id: exchange.id, request: exchange.message, sequence: sequence, now: now, onEvent: observer)
        }
        exchange.complete(result)
        startQueued(peer, now: now)
        reschedule(peer)
    }

    func handleAcknowledgement(_ messageID: UInt16, peer: PeerState, now: NIODeadline) {
        peer.lastActivity = now
        if let index = peer.inFlight.firstIndex(where: { $0.message.messageID == messageID && $0.message.type == .confirmable }) {
            // Empty ACK: the response comes separately; the exchange no longer counts toward NSTART.
            let exchange = peer.inFlight.remove(at: index)
            exchange.acknowledged = true
            exchange.nextRetransmit = nil
            peer.awaitingResponse.append(exchange)
            startQueued(peer, now: now)
            reschedule(peer)
            return
        }
        if let index = peer.separateResponses.firstIndex(where: { $0.messageID == messageID }) {
            peer.separateResponses.remove(at: index).completion?(.success(()))
        }
    }

    func handleReset(_ messageID: UInt16, peer: PeerState, now: NIODeadline) {
        peer.lastActivity = now
        if let index = peer.inFlight.firstIndex(where: { $0.message.messageID == messageID }) {
            let exchange = peer.inFlight.remove(at: index)
            finish(exchange, .failure(CoAPError(.reset, "\(peer.address) rejected the request with RST")), peer: peer, now: now)
            return
        }
        if let index = peer.separateResponses.firstIndex(where: { $0.messageID == messageID }) {
            peer.separateResponses.remove(at: index).completion?(.failure(CoAPError(.reset, "\(peer.address) rejected the message with RST")))
        }
    }

    func handleResponse(_ response: CoAPMessage, peer: PeerState, now: NIODeadline) {
        let token = response.token
        var exchange: OutgoingExchange?
        if response.type == .acknowledgement {
            if let index = peer.inFlight.firstIndex(where: { $0.message.messageID == response.messageID && $0.message.token == token }) {
                exchange = peer.inFlight.remove(at: index)
            }
        } else if let index = peer.inFlight.firstIndex(where: { $0.message.token == token }) {
            exchange = peer.inFlight.remove(at: index)
        } else if let index = peer.awaitingResponse.firstIndex(where: { $0.message.token == token }) {
            exchange = peer.awaitingResponse.remove(at: index)
        }
        if exchange == nil, peer.observations[token] == nil {
            // Nobody waits for this: reject it, which also cancels an unwanted observation (RFC 7641 §3.6).
            if response.type != .acknowledgement {
                counters.resetsOut += 1
                let reset = write(.empty(.reset, messageID: response.messageID), to: peer.address)
                remember(response.messageID, reply: reset, peer: peer, now: now)
            }
            return
        }
        if response.type == .confirmable {
            let ack = write(.empty(.acknowledgement, messageID: response.messageID), to: peer.address)
            remember(response.messageID, reply: ack, peer: peer, now: now)
        } else if response.type == .nonConfirmable {
            remember(response.messageID, reply: nil, peer: peer, now: now)
        }
        if let exchange {
            finish(exchange, .success(response), peer: peer, now: now)
            return
        }
        guard let observation = peer.observations[token] else { return }
        guard response.code.isSuccess, let sequence = response.options.observe else {
            peer.observations[token] = nil
            counters.notificationsIn += 1
            observation.onEvent(.notification(response))
            observation.onEvent(.ended(CoAPError(.protocolViolation, "\(peer.address) ended the observation with \(response.code)")))
            return
        }
        guard observation.isFresh(sequence, now: now) else { return }
        observation.lastSequence = sequence
        observation.lastTime = now
        counters.notificationsIn += 1
        observation.onEvent(.notification(response))
    }

    /// Cancels request `id` to `address`: it fails with `.cancelled` and leaves the queue.
    func cancel(_ id: UInt64, peer address: SocketAddress, now: NIODeadline) {
        guard let peer = peers[address] else { return }
        for list in [\PeerState.inFlight, \PeerState.queue, \PeerState.awaitingResponse] {
            if let index = peer[keyPath: list].firstIndex(where: { $0.id == id }) {
                let exchange = peer[keyPath: list].remove(at: index)
                finish(exchange, .failure(CoAPError(.cancelled, "the request to \(address) was cancelled")), peer: peer, now: now)
                return
            }
        }
    }

    /// Ends observation `id`: forgets its token and, when `actively`, sends GET with Observe=1.
    func cancelObservation(_ id: UInt64, peer address: SocketAddress, actively: Bool, deadline: NIODeadline, now: NIODeadline,
                           completion: @escaping (Result<CoAPMessage, CoAPError>) -> Void) {
        guard let peer = peers[address],
              let (token, observation) = peer.observations.first(where: { $0.value.id == id }).map({ ($0.key, $0.value) })
        else {
            completion(.failure(CoAPError(.cancelled, "no such observation")))
            return
        }
        peer.observations[token] = nil
        observation.onEvent(.ended(CoAPError(.cancelled, "the observation was cancelled")))
        guard actively else {
            completion(.failure(CoAPError(.cancelled, "cancelled passively")))
            return
        }
        var request = observation.request
        request.options.observe = 1
        startRequest(request, to: address, id: id, deadline: deadline, now: now, completion: completion)
    }

    /// Sends an Observe notification: a response with the observer's `token` and Observe=`sequence`.
    ///
    /// A CON notification is retransmitted until acknowledged; `completion` gets the ACK, an RST
    /// (the observer cancelled) or a timeout. A NON one completes once written.
    func sendNotification(
        _ response: CoAPResponse, token: CoAPToken, sequence: UInt32, confirmable: Bool,
        to address: SocketAddress, now: NIODeadline, completion: @escaping (Result<Void, CoAPError>) -> Void
    ) {
        guard let peer = peerOrCreate(address, now: now) else {
            completion(.failure(CoAPError(.limitExceeded, "the peer table is full (\(configuration.maxPeers) peers)")))
            return
        }
        peer.lastActivity = now
        var options = response.options
        options.observe = sequence & 0xFF_FFFF
        let message = CoAPMessage(
            type: confirmable ? .confirmable : .nonConfirmable, code: response.code, messageID: peer.takeMessageID(),
            token: token, options: options, payload: response.payload)
        let datagram = write(message, to: address)
        guard confirmable else {
            completion(.success(()))
            return
        }
        let timeout = initialRetransmitTimeout()
        peer.separateResponses.append(SeparateResponse(
            messageID: message.messageID, datagram: datagram, nextRetransmit: now + timeout, timeout: timeout, completion: completion))
        reschedule(peer)
    }
}
