import NIOCore
import NIOConcurrencyHelpers
@testable import CoAP

/// A seeded generator so retransmission jitter, tokens and message IDs repeat run to run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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

/// A thread-safe list for collecting values from handlers in tests.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = NIOLockedValueBox<[Value]>([])
    func append(_ value: Value) { storage.withLockedValue { $0.append(value) } }
    var values: [Value] { storage.withLockedValue { $0 } }
}

/// Builds a CON GET for `path` with a given message ID and token.
func getRequest(_ path: String, messageID: UInt16, token: UInt64 = 0xAB, type: CoAPMessageType = .confirmable) -> CoAPMessage {
    var options = CoAPOptions()
    options.uriPath = path.split(separator: "/").map(String.init)
    return CoAPMessage(type: type, code: .get, messageID: messageID, token: CoAPToken(packed: token, length: 2), options: options)
}
