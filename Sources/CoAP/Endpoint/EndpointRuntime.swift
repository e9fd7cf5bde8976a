import NIOCore

/// The endpoint's loop-confined parts: message layer, optional security layer, socket and timer.
///
/// Lives inside a `NIOLoopBoundBox`, so every access is checked to be on the event loop.
final class EndpointRuntime {
    let layer: MessageLayer
    let security: (any DatagramSecurity)?
    var channel: (any Channel)?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var unflushed = false
    private var spare: [AddressedEnvelope<ByteBuffer>] = []
    /// Set by `shutDown`; new requests then fail at once instead of waiting for a dead socket.
    private(set) var isClosed = false
    /// Peers whose messages are copied to `tapSink` (see `CoAPEndpoint.setTapped`); usually empty.
    var tappedPeers: Set<SocketAddress> = []
    /// Where tapped messages go.
    var tapSink: (@Sendable (CoAPTappedMessage) -> Void)?

    init(layer: MessageLayer, security: (any DatagramSecurity)?) {
        self.layer = layer
        self.security = security
        if let security {
            layer.identity = { [unowned security] address in security.identity(of: address) }
        }
    }

    /// One datagram from the socket; the caller flushes (at read-complete).
    func receive(_ envelope: AddressedEnvelope<ByteBuffer>, now: NIODeadline) {
        if let security {
            apply(security.inbound(envelope.data, from: envelope.remoteAddress, now: now), now: now)
        } else {
            if !tappedPeers.isEmpty { tap(.received, envelope.data, envelope.remoteAddress) }
            layer.receive(envelope.data, from: envelope.remoteAddress, now: now)
        }
        drainOutbox(now: now)
    }

    /// Handles what the security layer produced: datagrams out, messages in, closed sessions.
    private func apply(_ output: SecurityOutput, now: NIODeadline) {
        for datagram in output.datagrams { writeRaw(datagram) }
        for message in output.messages {
            if !tappedPeers.isEmpty { tap(.received, message.data, message.remoteAddress) }
            layer.receive(message.data, from: message.remoteAddress, now: now)
        }
        for peer in output.closed { layer.peerClosed(peer) }
    }

    /// Writes the message layer's datagrams (through the security layer when present).
    func drainOutbox(now: NIODeadline) {
        while !layer.outbox.isEmpty {
            // Swap buffers rather than copy, so the steady state allocates nothing here.
            swap(&spare, &layer.outbox)
            for envelope in spare {
                if !tappedPeers.isEmpty { tap(.sent, envelope.data, envelope.remoteAddress) }
                if let security {
                    apply(security.outbound(envelope.data, to: envelope.remoteAddress, now: now), now: now)
                } else {
                    writeRaw(envelope)
                }
            }
            spare.removeAll(keepingCapacity: true)
            // Security callbacks may have queued more (e.g. RSTs after a closed session): loop.
        }
    }

    /// Copies a plain CoAP message of a tapped peer to the sink (only called when some peer is tapped).
    private func tap(_ direction: CoAPTappedMessage.Direction, _ data: ByteBuffer, _ peer: SocketAddress) {
        guard let tapSink, tappedPeers.contains(peer) else { return }
        tapSink(CoAPTappedMessage(direction: direction, peer: peer, bytes: Array(data.readableBytesView)))
    }

    private func writeRaw(_ envelope: AddressedEnvelope<ByteBuffer>) {
        guard let channel else { return }
        channel.write(envelope, promise: nil)
        unflushed = true
    }

    /// Flushes pending writes and re-arms the timer; call after every batch of work.
    func finish(box: NIOLoopBoundBox<EndpointRuntime>, now: NIODeadline) {
        drainOutbox(now: now)
        if unflushed, let channel {
            unflushed = false
            channel.flush()
        }
        armTimer(box: box)
    }

    private func armTimer(box: NIOLoopBoundBox<EndpointRuntime>) {
        guard let channel else { return }
        var deadline = layer.nextDeadline()
        if let securityDeadline = security?.nextDeadline() {
            deadline = deadline.map { min($0, securityDeadline) } ?? securityDeadline
        }
        guard let deadline else { return }
        if let timerDeadline, timerDeadline <= deadline, timer != nil { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = channel.eventLoop.scheduleTask(deadline: deadline) { [weak box] in
            guard let box else { return }
            box.value.fire(box: box)
        }
    }

    private func fire(box: NIOLoopBoundBox<EndpointRuntime>) {
        timer = nil
        timerDeadline = nil
        let now = NIODeadline.now()
        if let security { apply(security.tick(now: now), now: now) }
        layer.tick(now: now)
        finish(box: box, now: now)
    }

    /// Stops the timer and fails everything still pending.
    func shutDown() {
        isClosed = true
        timer?.cancel()
        timer = nil
        layer.closeAll()
        layer.outbox.removeAll()
        channel = nil
    }
}
