public import NIOCore

/// The message tap: a copy of every CoAP message to and from chosen peers (for per-device
/// VERBOSE logging). With no tapped peer the datagram path pays one empty-set check.
extension CoAPEndpoint {
    /// Sets where tapped messages go (nil stops delivering). The sink runs on the event loop:
    /// it must return at once (e.g. yield to an `AsyncStream`).
    public func setMessageTap(_ sink: (@Sendable (CoAPTappedMessage) -> Void)?) {
        let box = self.box
        channel.eventLoop.execute { box.value.tapSink = sink }
    }

    /// Starts or stops tapping the messages to and from `peer`. Calls take effect in order.
    public func setTapped(_ peer: SocketAddress, _ tapped: Bool) {
        let box = self.box
        channel.eventLoop.execute {
            if tapped { box.value.tappedPeers.insert(peer) } else { box.value.tappedPeers.remove(peer) }
        }
    }
}
