/// A CoAP token of 0–8 bytes, stored inline (no allocation) as a big-endian integer plus length.
public struct CoAPToken: Sendable, Hashable, CustomStringConvertible {
    /// The token bytes packed big-endian into the low `length` bytes.
    public let packed: UInt64
    /// The number of token bytes (0–8).
    public let length: UInt8

    /// The empty (zero-length) token.
    public static let empty = CoAPToken(packed: 0, length: 0)

    /// Creates a token from packed bytes; `length` is clamped to 8 and extra high bits dropped.
    public init(packed: UInt64, length: UInt8) {
        let length = min(length, 8)
        self.length = length
        self.packed = length == 8 ? packed : packed & ((1 << (UInt64(length) * 8)) - 1)
    }

    /// Creates a token from at most 8 bytes; returns nil for longer input.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count <= 8 else { return nil }
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        self.init(packed: value, length: UInt8(bytes.count))
    }

    /// The token bytes in wire order.
    public var bytes: [UInt8] {
        (0..<Int(length)).map { UInt8(truncatingIfNeeded: packed >> (UInt64(Int(length) - 1 - $0) * 8)) }
    }

    /// Lower-case hex of the token bytes (empty string for the empty token).
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
