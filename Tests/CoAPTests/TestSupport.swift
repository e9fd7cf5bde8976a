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
