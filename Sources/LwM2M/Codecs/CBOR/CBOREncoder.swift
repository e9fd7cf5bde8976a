/// Writes CBOR (RFC 8949) items in their shortest form (preferred serialization).
struct CBOREncoder {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Writes an initial byte with its argument in the fewest bytes.
    mutating func writeHead(major: UInt8, _ argument: UInt64) {
        let m = major << 5
        switch argument {
        case 0..<24: bytes.append(m | UInt8(argument))
        case 24...0xff: bytes += [m | 24, UInt8(argument)]
        case 0x100...0xffff: bytes.append(m | 25); appendBigEndian(argument, count: 2)
        case 0x10000...0xffff_ffff: bytes.append(m | 26); appendBigEndian(argument, count: 4)
        default: bytes.append(m | 27); appendBigEndian(argument, count: 8)
        }
    }

    private mutating func appendBigEndian(_ v: UInt64, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(UInt8(truncatingIfNeeded: v >> (UInt64(i) * 8))) }
    }

    /// Writes a signed integer.
    mutating func write(_ v: Int64) {
        if v >= 0 { writeHead(major: 0, UInt64(v)) } else { writeHead(major: 1, UInt64(-(v + 1))) }
    }

    /// Writes an unsigned integer.
    mutating func write(_ v: UInt64) { writeHead(major: 0, v) }

    /// Writes a text string.
    mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        writeHead(major: 3, UInt64(utf8.count))
        bytes += utf8
    }

    /// Writes a byte string.
    mutating func write(bytes data: [UInt8]) {
        writeHead(major: 2, UInt64(data.count))
        bytes += data
    }

    /// Writes a boolean.
    mutating func write(_ v: Bool) { bytes.append(v ? 0xf5 : 0xf4) }

    /// Writes a float as single precision when that is exact, else double precision.
    mutating func write(_ v: Double) {
        let single = Float(v)
        if Double(single) == v || v.isNaN {
            bytes.append(0xfa)
            appendBigEndian(UInt64(single.bitPattern), count: 4)
        } else {
            bytes.append(0xfb)
            appendBigEndian(v.bitPattern, count: 8)
        }
    }

    /// Starts an array of `count` items (write them next).
    mutating func writeArrayHead(_ count: Int) { writeHead(major: 4, UInt64(count)) }

    /// Starts a map of `count` pairs (write key, value, key, value… next).
    mutating func writeMapHead(_ count: Int) { writeHead(major: 5, UInt64(count)) }

    /// Writes a tag (write the tagged item next).
    mutating func writeTag(_ tag: UInt64) { writeHead(major: 6, tag) }
}
