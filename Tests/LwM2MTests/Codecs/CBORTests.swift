import Testing
@testable import LwM2M

@Suite("CBOR")
struct CBORTests {
    @Test("decodes RFC 8949 Appendix A examples", arguments: [
        ("00", "0"), ("17", "23"), ("18 18", "24"), ("19 03 E8", "1000"), ("1B 00 00 00 E8 D4 A5 10 00", "1000000000000"),
        ("1B FF FF FF FF FF FF FF FF", "18446744073709551615"), ("20", "-1"), ("38 63", "-100"),
        ("F9 00 00", "0.0"), ("F9 3C 00", "1.0"), ("F9 7B FF", "65504.0"), ("F9 00 01", "5.960464477539063e-08"),
        ("F9 C4 00", "-4.0"), ("FA 47 C3 50 00", "100000.0"), ("FB 3F F1 99 99 99 99 99 9A", "1.1"),
        ("F9 7C 00", "inf"), ("F4", "false"), ("F5", "true"), ("F6", "null"),
        ("60", "\"\""), ("64 49 45 54 46", "\"IETF\""), ("62 C3 BC", "\"ü\""), ("44 01 02 03 04", "h'01020304'"),
        ("83 01 02 03", "[1, 2, 3]"), ("9F 01 82 02 03 FF", "[1, [2, 3]]"), ("A2 01 02 03 04", "{1: 2, 3: 4}"),
        ("5F 42 01 02 43 03 04 05 FF", "h'0102030405'"), ("7F 65 73 74 72 65 61 64 6D 69 6E 67 FF", "\"streaming\""),
        ("C1 1A 51 4B 67 B0", "1(1363896240)"),
    ])
    func appendixA(hex: String, expected: String) throws {
        let item = try CBORDecoder.decode(try CodecFixture.hexBytes(hex))
        #expect(render(item.value) == expected)
    }

    @Test("the encoder writes the shortest heads and exact floats", arguments: [
        (Int64(0), "00"), (23, "17"), (24, "1818"), (1000, "1903e8"), (-1, "20"), (-1000, "3903e7"),
        (Int64.min, "3b7fffffffffffffff"),
    ])
    func encoderIntegers(value: Int64, hex: String) {
        var e = CBOREncoder()
        e.write(value)
        #expect(e.bytes.map { String(format2: $0) }.joined() == hex)
    }

    @Test("malformed items are refused with the offset", arguments: [
        ("1C", 0, "reserved"), ("19 03", 1, "ends in the middle"), ("5B 00 00 00 01 00 00 00 00 00", 0, "more than the"),
        ("9B 7F FF FF FF FF FF FF FF", 0, "more than the"), ("BB 00 00 00 00 00 00 00 05 01", 0, "more than the"),
        ("9F 01 02", 3, "ends in the middle"), ("FF", 0, "break"), ("F8 10", 0, "badly formed"),
        ("62 C3 28", 0, "not valid UTF-8"), ("3F", 0, "indefinite length is not allowed"),
        ("5F 61 61 FF", 1, "wrong type"),
    ])
    func malformed(hex: String, offset: Int, reason: String) throws {
        let error = #expect(throws: LwM2MDecodeError.self) { try CBORDecoder.decode(try CodecFixture.hexBytes(hex)) }
        #expect(error?.byteOffset == offset, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("nesting deeper than the limit is refused, not recursed into")
    func depth() {
        let deep = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        let error = #expect(throws: LwM2MDecodeError.self) { try CBORDecoder.decode(deep) }
        #expect(error?.reason.contains("nesting deeper") == true)
        let deepJSON = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        #expect(throws: LwM2MDecodeError.self) { try JSONPayloadParser.parse(deepJSON) }
    }

    private func render(_ value: CBORValue) -> String {
        switch value {
        case .unsigned(let u): String(u)
        case .negative(let n): "-" + String(UInt64(n) + 1)
        case .float(let d): d.isInfinite ? "inf" : "\(d)"
        case .bool(let b): "\(b)"
        case .null: "null"
        case .undefined: "undefined"
        case .simple(let s): "simple(\(s))"
        case .text(let s): "\"\(s)\""
        case .bytes(let b): "h'" + b.map { String(format2: $0) }.joined().uppercased() + "'"
        case .array(let items): "[" + items.map { render($0.value) }.joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { render($0.key.value) + ": " + render($0.value.value) }.joined(separator: ", ") + "}"
        case .tagged(let tag, let item): "\(tag)(\(render(item.value)))"
        }
    }
}

extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        let hex = String(byte, radix: 16)
        self = hex.count == 1 ? "0" + hex : hex
    }
}
