import NIOCore
@testable import CoAP

/// A message layer driven by hand: a clock advanced explicitly and an outbox read as messages.
final class LayerHarness {
    let layer: MessageLayer
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let peer: SocketAddress
    /// Async handler invocations waiting for `completeIncoming`.
    var pendingAsync: [(id: UInt64, context: CoAPRequestContext)] = []

    init(configuration: CoAPConfiguration = CoAPConfiguration(), routes: CoAPRoutes = CoAPRoutes(), seed: UInt64 = 42) throws {
        layer = MessageLayer(configuration: configuration, routes: routes, rng: SplitMix64(seed: seed), now: now)
        peer = try SocketAddress(ipAddress: "127.0.0.1", port: 40001)
        layer.startAsyncHandler = { [unowned self] _, context, id in self.pendingAsync.append((id, context)) }
    }

    func advance(_ amount: TimeAmount) {
        now = now + amount
        layer.tick(now: now)
    }

    func deliver(_ message: CoAPMessage, from address: SocketAddress? = nil) {
        layer.receive(CoAPMessageCodec.encode(message), from: address ?? peer, now: now)
    }

    /// Takes everything written since the last call, decoded.
    func sent() -> [CoAPMessage] {
        let datagrams = layer.outbox
        layer.outbox.removeAll()
        return datagrams.compactMap { try? CoAPMessageCodec.decode($0.data) }
    }

    /// Takes everything written since the last call, as raw bytes.
    func sentBytes() -> [[UInt8]] {
        let datagrams = layer.outbox
        layer.outbox.removeAll()
        return datagrams.map { Array($0.data.readableBytesView) }
    }
}
