/// One CoAP option: its number and raw value bytes (RFC 7252 §3.1, §5.4).
public struct CoAPOption: Sendable, Hashable {
    /// The option number (see `CoAPOptionNumber`).
    public var number: UInt16
    /// The raw value; integers are big-endian with leading zero bytes removed.
    public var value: [UInt8]

    /// Creates an option from raw bytes.
    public init(number: UInt16, value: [UInt8]) {
        self.number = number
        self.value = value
    }

    /// Creates an option carrying a UTF-8 string.
    public init(number: UInt16, string: String) {
        self.init(number: number, value: Array(string.utf8))
    }

    /// Creates an option carrying an unsigned integer in the shortest form (0 is zero bytes).
    public init(number: UInt16, uint: UInt32) {
        var bytes: [UInt8] = []
        var remaining = uint
        while remaining > 0 {
            bytes.insert(UInt8(truncatingIfNeeded: remaining), at: 0)
            remaining >>= 8
        }
        self.init(number: number, value: bytes)
    }

    /// The value read as an unsigned integer; nil when longer than 4 bytes.
    public var uintValue: UInt32? {
        guard value.count <= 4 else { return nil }
        return value.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The value read as UTF-8 text (invalid sequences replaced).
    public var stringValue: String { String(decoding: value, as: UTF8.self) }

    /// Critical options (odd numbers) must be understood by the receiver (RFC 7252 §5.4.1).
    public var isCritical: Bool { number & 1 == 1 }
}
