import CoAP
import NIOCore

/// The device's datagram layer under its `CoAPEndpoint`: plain UDP or DTLS (a wrapped
/// `DTLSClient`), plus what a simulated radio needs: sleeping, dropping requests, and sending
/// Observe notifications (the CoAP endpoint only observes, it never is observed).
///
/// Notifications are queued in `LinkControl` from any thread; while the device has observers
/// `nextDeadline` asks the event loop to call `tick` every `pollInterval`, which sends them.
/// Every call happens on the endpoint's event loop (the `DatagramSecurity` contract).
final class DeviceLink: DatagramSecurity {
    private let inner: (any DatagramSecurity)?
    private let control: LinkControl
    private let onReset: @Sendable (SocketAddress, CoAPToken) -> Void
    private let pollInterval: TimeAmount

    init(
        inner: (any DatagramSecurity)?, control: LinkControl, pollInterval: TimeAmount = .milliseconds(20),
        onReset: @escaping @Sendable (SocketAddress, CoAPToken) -> Void
    ) {
        self.inner = inner
        self.control = control
        self.pollInterval = pollInterval
        self.onReset = onReset
    }

    func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        // A sleeping radio hears nothing, DTLS records included.
        if control.isAsleep { return SecurityOutput() }
        var output = inner?.inbound(datagram, from: peer, now: now)
            ?? SecurityOutput(messages: [AddressedEnvelope(remoteAddress: peer, data: datagram)])
        output.messages.removeAll { !keep($0) }
        return output
    }

    /// Looks at the CoAP header bytes only: RSTs to our notifications cancel the observation,
    /// requests are dropped when told to.
    private func keep(_ envelope: AddressedEnvelope<ByteBuffer>) -> Bool {
        let data = envelope.data
        guard data.readableBytes >= 4,
              let first = data.getInteger(at: data.readerIndex, as: UInt8.self),
              let code = data.getInteger(at: data.readerIndex + 1, as: UInt8.self),
              let messageID = data.getInteger(at: data.readerIndex + 2, as: UInt16.self)
        else { return true }
        let type = (first >> 4) & 0x03
        if type == 3, let token = control.notificationToken(messageID: messageID, peer: envelope.remoteAddress) {
            onReset(envelope.remoteAddress, token)
            return false
        }
        if control.dropsRequests, CoAPCode(rawValue: code).isRequest { return false }
        return true
    }

    func outbound(_ message: ByteBuffer, to peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        inner?.outbound(message, to: peer, now: now)
            ?? SecurityOutput(datagrams: [AddressedEnvelope(remoteAddress: peer, data: message)])
    }

    func tick(now: NIODeadline) -> SecurityOutput {
        var output = inner?.tick(now: now) ?? SecurityOutput()
        for (peer, message) in control.takeOutbox() {
            let more = outbound(CoAPMessageCodec.encode(message), to: peer, now: now)
            output.datagrams += more.datagrams
            output.messages += more.messages
            output.closed += more.closed
        }
        return output
    }

    func nextDeadline() -> NIODeadline? {
        let innerDeadline = inner?.nextDeadline()
        guard control.hasObservers else { return innerDeadline }
        let poll = NIODeadline.now() + pollInterval
        return innerDeadline.map { min($0, poll) } ?? poll
    }

    func identity(of peer: SocketAddress) -> String? { inner?.identity(of: peer) }
}
