/// The value of a Block1 or Block2 option: block number, more flag and size exponent (RFC 7959 §2.2).
public struct CoAPBlock: Sendable, Hashable, CustomStringConvertible {
    /// The block number (0 to 2^20 − 1).
    public var number: UInt32
    /// True when more blocks follow.
    public var more: Bool
    /// The size exponent: the block holds 2^(szx + 4) bytes (0–6, i.e. 16–1024).
    public var szx: UInt8

    /// Creates a block value; `szx` above 6 is clamped to 6 (7 is reserved for BERT).
    public init(number: UInt32, more: Bool, szx: UInt8) {
        self.number = number
        self.more = more
        self.szx = min(szx, 6)
    }

    /// The block size in bytes, 16 to 1024.
    public var size: Int { 16 << Int(szx) }

    /// The byte offset of this block in the whole body.
    public var offset: Int { Int(number) * size }

    /// The exponent for a block size in bytes, rounded down to a power of two in 16–1024.
    public static func szx(forSize size: Int) -> UInt8 {
        var szx: UInt8 = 0
        while szx < 6 && (16 << Int(szx + 1)) <= size { szx += 1 }
        return szx
    }

    /// Decodes an option value; nil when longer than 3 bytes or using the reserved exponent 7.
    public init?(optionValue: [UInt8]) {
        guard optionValue.count <= 3 else { return nil }
        let raw = optionValue.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard raw & 0x7 != 7 else { return nil }
        self.init(number: raw >> 4, more: raw & 0x8 != 0, szx: UInt8(raw & 0x7))
    }

    /// The option value as an unsigned integer (encode it with `CoAPOption(number:uint:)`).
    public var optionValue: UInt32 { number << 4 | (more ? 0x8 : 0) | UInt32(szx) }

    /// `num/M/size`, the notation of RFC 7959.
    public var description: String { "\(number)/\(more ? 1 : 0)/\(size)" }
}
