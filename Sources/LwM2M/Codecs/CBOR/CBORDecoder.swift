/// Decodes one CBOR item (RFC 8949) from bytes with bounds: nesting depth is limited, every length
/// is checked against the bytes left before anything is allocated, and trailing bytes are refused.
struct CBORDecoder {
    /// Deepest nesting of arrays, maps and tags accepted.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    /// Decodes `bytes`, which must hold exactly one CBOR item.
    static func decode(_ bytes: [UInt8]) throws(LwM2MDecodeError) -> CBORItem {
        var decoder = CBORDecoder(bytes: bytes)
        let item = try decoder.readItem(depth: 0)
        guard decoder.position == bytes.count else {
            throw LwM2MDecodeError(byteOffset: decoder.position, reason: "\(bytes.count - decoder.position) unexpected byte(s) after the CBOR item")
        }
        return item
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var remaining: Int { bytes.count - position }

    private mutating func readByte() throws(LwM2MDecodeError) -> UInt8 {
        guard position < bytes.count else { throw truncated() }
        defer { position += 1 }
        return bytes[position]
    }

    private func truncated() -> LwM2MDecodeError {
        LwM2MDecodeError(byteOffset: position, reason: "CBOR data ends in the middle of an item")
    }

    private mutating func readUInt(byteCount: Int) throws(LwM2MDecodeError) -> UInt64 {
        guard remaining >= byteCount else { throw truncated() }
        var v: UInt64 = 0
        for _ in 0..<byteCount { v = (v << 8) | UInt64(bytes[position]); position += 1 }
        return v
    }

    /// Reads the argument of an initial byte; nil means indefinite length (additional info 31).
    private mutating func readArgument(_ info: UInt8, at start: Int) throws(LwM2MDecodeError) -> UInt64? {
        switch info {
        case 0...23: return UInt64(info)
        case 24: return try readUInt(byteCount: 1)
        case 25: return try readUInt(byteCount: 2)
        case 26: return try readUInt(byteCount: 4)
        case 27: return try readUInt(byteCount: 8)
        case 31: return nil
        default: throw LwM2MDecodeError(byteOffset: start, reason: "reserved CBOR additional information \(info)")
        }
    }

    /// A definite length that fits in the bytes left, given at least `minBytesPerElement` per element.
    private func checkedLength(_ length: UInt64, minBytesPerElement: Int, at start: Int) throws(LwM2MDecodeError) -> Int {
        guard length <= UInt64(remaining / max(minBytesPerElement, 1)) else {
            throw LwM2MDecodeError(byteOffset: start, reason: "CBOR length \(length) is more than the \(remaining) byte(s) left")
        }
        return Int(length)
    }

    private mutating func readBytes(_ count: Int) -> [UInt8] {
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    private mutating func readItem(depth: Int) throws(LwM2MDecodeError) -> CBORItem {
        let start = position
        guard depth <= Self.maxDepth else {
            throw LwM2MDecodeError(byteOffset: start, reason: "CBOR nesting deeper than \(Self.maxDepth)")
        }
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1f
        if major == 7 { return CBORItem(offset: start, value: try readSimpleOrFloat(info, at: start)) }
        let argument = try readArgument(info, at: start)
        switch major {
        case 0:
            guard let argument else { throw indefiniteNotAllowed(start) }
            return CBORItem(offset: start, value: .unsigned(argument))
        case 1:
            guard let argument else { throw indefiniteNotAllowed(start) }
            return CBORItem(offset: start, value: .negative(argument))
        case 2:
            return CBORItem(offset: start, value: .bytes(try readString(major: 2, argument: argument, at: start)))
        case 3:
            let raw = try readString(major: 3, argument: argument, at: start)
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw LwM2MDecodeError(byteOffset: start, reason: "CBOR text string is not valid UTF-8")
            }
            return CBORItem(offset: start, value: .text(text))
        case 4:
            var items: [CBORItem] = []
            if let argument {
                let count = try checkedLength(argument, minBytesPerElement: 1, at: start)
                items.reserveCapacity(count)
                for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
            } else {
                while try !atBreak() { items.append(try readItem(depth: depth + 1)) }
            }
            return CBORItem(offset: start, value: .array(items))
        case 5:
            var entries: [CBORMapEntry] = []
            if let argument {
                let count = try checkedLength(argument, minBytesPerElement: 2, at: start)
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let key = try readItem(depth: depth + 1)
                    entries.append(CBORMapEntry(key: key, value: try readItem(depth: depth + 1)))
                }
            } else {
                while try !atBreak() {
                    let key = try readItem(depth: depth + 1)
                    entries.append(CBORMapEntry(key: key, value: try readItem(depth: depth + 1)))
                }
            }
            return CBORItem(offset: start, value: .map(entries))
        default: // 6: tag
            guard let argument else { throw indefiniteNotAllowed(start) }
            return CBORItem(offset: start, value: .tagged(argument, try readItem(depth: depth + 1)))
        }
    }

    private func indefiniteNotAllowed(_ start: Int) -> LwM2MDecodeError {
        LwM2MDecodeError(byteOffset: start, reason: "indefinite length is not allowed for this CBOR major type")
    }

    /// True (and consumes it) when the next byte is the "break" stop code of an indefinite item.
    private mutating func atBreak() throws(LwM2MDecodeError) -> Bool {
        guard position < bytes.count else { throw truncated() }
        if bytes[position] == 0xff { position += 1; return true }
        return false
    }

    private mutating func readString(major: UInt8, argument: UInt64?, at start: Int) throws(LwM2MDecodeError) -> [UInt8] {
        if let argument {
            return readBytes(try checkedLength(argument, minBytesPerElement: 1, at: start))
        }
        // Indefinite length: a series of definite chunks of the same major type.
        var result: [UInt8] = []
        while try !atBreak() {
            let chunkStart = position
            let initial = try readByte()
            guard initial >> 5 == major, let length = try readArgument(initial & 0x1f, at: chunkStart) else {
                throw LwM2MDecodeError(byteOffset: chunkStart, reason: "chunk of an indefinite-length CBOR string has the wrong type")
            }
            result += readBytes(try checkedLength(length, minBytesPerElement: 1, at: chunkStart))
        }
        return result
    }

    private mutating func readSimpleOrFloat(_ info: UInt8, at start: Int) throws(LwM2MDecodeError) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 0...19: return .simple(info)
        case 24:
            let v = try readByte()
            guard v >= 32 else { throw LwM2MDecodeError(byteOffset: start, reason: "badly formed CBOR simple value \(v)") }
            return .simple(v)
        case 25: return .float(Self.halfToDouble(UInt16(try readUInt(byteCount: 2))))
        case 26: return .float(Double(Float(bitPattern: UInt32(try readUInt(byteCount: 4)))))
        case 27: return .float(Double(bitPattern: try readUInt(byteCount: 8)))
        case 31: throw LwM2MDecodeError(byteOffset: start, reason: "unexpected CBOR break code")
        default: throw LwM2MDecodeError(byteOffset: start, reason: "reserved CBOR additional information \(info)")
        }
    }

    /// IEEE 754 half precision to Double (RFC 8949 Appendix D).
    static func halfToDouble(_ half: UInt16) -> Double {
        let exponent = Int((half >> 10) & 0x1f)
        let mantissa = Double(half & 0x3ff)
        let magnitude: Double
        switch exponent {
        case 0: magnitude = mantissa * 0x1p-24
        case 31: magnitude = mantissa == 0 ? .infinity : .nan
        default: magnitude = (mantissa + 1024) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
        }
        return half & 0x8000 != 0 ? -magnitude : magnitude
    }
}
