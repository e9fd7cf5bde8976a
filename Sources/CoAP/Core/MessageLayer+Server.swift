import NIOCore

/// The server role: requests in, responses out, Block1 reassembly and Block2 slicing.
extension MessageLayer {
    /// The request header facts needed to answer it, now or later.
    struct RequestHeader {
        var messageID: UInt16
        var type: CoAPMessageType
        var token: CoAPToken
        var options: CoAPOptions
        var block1: CoAPBlock?
        var block2: CoAPBlock?

        /// The key tying the blocks of one transfer together (computed only for block-wise traffic).
        var key: String { MessageLayer.transferKey(options) }
    }

    /// The key tying the blocks of one transfer together: path and query.
    static func transferKey(_ options: CoAPOptions) -> String {
        var key = ""
        for option in options.all where option.number == CoAPOptionNumber.uriPath || option.number == CoAPOptionNumber.uriQuery {
            key += option.number == CoAPOptionNumber.uriPath ? "/" : "?"
            key += option.stringValue
        }
        return key
    }

    func handleRequest(_ request: CoAPMessage, peer: PeerState, now: NIODeadline) {
        counters.requestsIn += 1
        var request = request
        var header = RequestHeader(
            messageID: request.messageID, type: request.type, token: request.token,
            options: request.options, block1: nil, block2: nil)
        remember(request.messageID, reply: nil, peer: peer, now: now)
        if let unknown = request.options.firstUnknownCritical {
            respond(header, CoAPResponse(.badOption, text: "unknown critical option \(unknown.number)"), peer: peer, acknowledged: false, now: now)
            return
        }
        let hasBlock1 = request.options.first(CoAPOptionNumber.block1) != nil
        let hasBlock2 = request.options.first(CoAPOptionNumber.block2) != nil
        if hasBlock2 {
            header.block2 = request.options.block2
            if header.block2 == nil {
                respond(header, CoAPResponse(.badOption, text: "invalid Block2 option"), peer: peer, acknowledged: false, now: now)
                return
            }
        }
        if hasBlock1 {
            guard let block = request.options.block1 else {
                respond(header, CoAPResponse(.badOption, text: "invalid Block1 option"), peer: peer, acknowledged: false, now: now)
                return
            }
            guard let body = receiveBlock1(block, request: request, header: header, peer: peer, now: now) else { return }
            header.block1 = CoAPBlock(number: block.number, more: false, szx: block.szx)
            request.payload = body
            request.options.remove(CoAPOptionNumber.block1)
        }
        // A later block of a body we are already serving: answer from the stored body.
        if let block2 = header.block2, block2.number > 0, let stored = peer.block2Bodies[header.key], stored.expires > now {
            respond(header, stored.response, peer: peer, acknowledged: false, now: now)
            return
        }
        guard let handler = routes.handler(for: request.options) else {
            respond(header, CoAPResponse(.notFound), peer: peer, acknowledged: false, now: now)
            return
        }
        let context = CoAPRequestContext(peer: peer.address, identity: identity(peer.address), message: request)
        switch handler {
        case .immediate(let handle):
            respond(header, handle(context), peer: peer, acknowledged: false, now: now)
        case .async(let handle):
            let pendingID = takePendingID()
            peer.pendingIncoming[pendingID] = PendingIncoming(
                messageID: header.messageID, type: header.type, token: header.token, options: header.options,
                block1: header.block1, block2: header.block2,
                ackDeadline: now + configuration.separateResponseDelay)
            reschedule(peer)
            startAsyncHandler(handle, context, pendingID)
        }
    }

    /// Stores one Block1 block; returns the whole body after the last block, else answers and returns nil.
    private func receiveBlock1(_ block: CoAPBlock, request: CoAPMessage, header: RequestHeader, peer: PeerState, now: NIODeadline) -> [UInt8]? {
        let key = header.key
        if block.number == 0 {
            if let size1 = request.options.size1, Int(size1) > configuration.maxRequestBodySize {
                var response = CoAPResponse(.requestEntityTooLarge, text: "request body of \(size1) bytes exceeds \(configuration.maxRequestBodySize)")
                response.options.size1 = UInt32(configuration.maxRequestBodySize)
                respond(header, response, peer: peer, acknowledged: false, now: now)
                return nil
            }
            peer.block1Uploads[key] = BlockUpload(body: [], expires: now + configuration.exchangeLifetime)
        }
        guard var upload = peer.block1Uploads[key], upload.body.count == block.offset else {
            peer.block1Uploads[key] = nil
            respond(header, CoAPResponse(.requestEntityIncomplete, text: "block \(block.number) arrived out of order"), peer: peer, acknowledged: false, now: now)
            return nil
        }
        if block.more && request.payload.count != block.size {
            peer.block1Uploads[key] = nil
            respond(header, CoAPResponse(.badRequest, text: "block \(block.number) has \(request.payload.count) bytes, expected \(block.size)"), peer: peer, acknowledged: false, now: now)
            return nil
        }
        upload.body += request.payload
        guard upload.body.count <= configuration.maxRequestBodySize else {
            peer.block1Uploads[key] = nil
            var response = CoAPResponse(.requestEntityTooLarge, text: "request body exceeds \(configuration.maxRequestBodySize) bytes")
            response.options.size1 = UInt32(configuration.maxRequestBodySize)
            respond(header, response, peer: peer, acknowledged: false, now: now)
            return nil
        }
        if block.more {
            upload.expires = now + configuration.exchangeLifetime
            peer.block1Uploads[key] = upload
            var response = CoAPResponse(.continue)
            // Ask for our preferred size when the peer's blocks are larger (RFC 7959 §2.3).
            response.options.block1 = CoAPBlock(number: block.number, more: true, szx: min(block.szx, CoAPBlock.szx(forSize: configuration.blockSize)))
            respond(header, response, peer: peer, acknowledged: false, now: now)
            return nil
        }
        peer.block1Uploads[key] = nil
        return upload.body
    }

    /// Answers an async handler's request (on the event loop); ignored if the peer has gone.
    func completeIncoming(_ pendingID: UInt64, peer address: SocketAddress, response: CoAPResponse, now: NIODeadline) {
        guard let peer = peers[address], let pending = peer.pendingIncoming.removeValue(forKey: pendingID) else { return }
        let header = RequestHeader(
            messageID: pending.messageID, type: pending.type, token: pending.token, options: pending.options,
            block1: pending.block1, block2: pending.block2)
        respond(header, response, peer: peer, acknowledged: pending.acknowledged, now: now)
        reschedule(peer)
    }

    /// Sends `response` for the request `header`: piggy-backed in the ACK, as a separate CON, or as NON.
    func respond(_ header: RequestHeader, _ response: CoAPResponse, peer: PeerState, acknowledged: Bool, now: NIODeadline) {
        var options = response.options
        var payload = response.payload
        let preferred = CoAPBlock.szx(forSize: configuration.blockSize)
        let szx = min(header.block2?.szx ?? preferred, preferred)
        let size = 16 << Int(szx)
        // A handler that set Block2 itself served one block already (it paces the transfer).
        if response.options.block2 == nil, payload.count > size || header.block2 != nil {
            let number = header.block2?.number ?? 0
            let offset = Int(number) * size
            if offset >= payload.count && !(offset == 0 && payload.isEmpty) {
                options = [CoAPOption(number: CoAPOptionNumber.contentFormat, uint: 0)]
                payload = Array("block \(number) is past the end of the \(response.payload.count)-byte body".utf8)
                respondRaw(header, code: .badOption, options: options, payload: payload, peer: peer, acknowledged: acknowledged, now: now)
                return
            }
            let end = min(offset + size, payload.count)
            if response.payload.count > size {
                if end == payload.count {
                    peer.block2Bodies[header.key] = nil
                } else if number == 0 {
                    peer.block2Bodies[header.key] = BlockBody(response: response, expires: now + configuration.exchangeLifetime)
                }
            }
            options.block2 = CoAPBlock(number: number, more: end < payload.count, szx: szx)
            if number == 0 { options.size2 = UInt32(clamping: payload.count) }
            payload = Array(payload[offset..<end])
        }
        if let block1 = header.block1 { options.block1 = block1 }
        respondRaw(header, code: response.code, options: options, payload: payload, peer: peer, acknowledged: acknowledged, now: now)
    }

    private func respondRaw(
        _ header: RequestHeader, code: CoAPCode, options: CoAPOptions, payload: [UInt8],
        peer: PeerState, acknowledged: Bool, now: NIODeadline
    ) {
        var message = CoAPMessage(type: .acknowledgement, code: code, messageID: header.messageID, token: header.token, options: options, payload: payload)
        switch (header.type, acknowledged) {
        case (.confirmable, false):
            let datagram = write(message, to: peer.address)
            remember(header.messageID, reply: datagram, peer: peer, now: now)
        case (.confirmable, true):
            message.type = .confirmable
            message.messageID = peer.takeMessageID()
            let datagram = write(message, to: peer.address)
            let timeout = initialRetransmitTimeout()
            peer.separateResponses.append(SeparateResponse(messageID: message.messageID, datagram: datagram, nextRetransmit: now + timeout, timeout: timeout))
            reschedule(peer)
        default:
            message.type = .nonConfirmable
            message.messageID = peer.takeMessageID()
            let datagram = write(message, to: peer.address)
            remember(header.messageID, reply: datagram, peer: peer, now: now)
        }
    }
}
