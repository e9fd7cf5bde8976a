import Testing
@testable import LwM2M

@Suite("TLV codec")
struct TLVCodecTests {
    @Test("decodes the spec's Read /3/0 example with the model's types")
    func deviceExample() throws {
        let payload = try CodecFixture.hex("tlv-device-3-0.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .tlv, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == CodecTestTypes.deviceInstance)
    }

    @Test("the legacy content format 1542 decodes the same")
    func legacyNumber() throws {
        let payload = try CodecFixture.hex("tlv-device-3-0.hex")
        let legacy = try LwM2MCodec.decode(payload, format: .legacyTLV, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(legacy.values == CodecTestTypes.deviceInstance)
    }

    @Test("decodes the spec's Read /2 example: two object instances, a 16-bit resource-instance ID")
    func accessControlExample() throws {
        let payload = try CodecFixture.hex("tlv-acl-object-2.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .tlv, path: lwp(2), types: CodecTestTypes.lookup)
        #expect(nodes.values == [
            lwp(2, 0, 0): .integer(1), lwp(2, 0, 1): .integer(0), lwp(2, 0, 2, 127): .integer(7), lwp(2, 0, 3): .integer(127),
            lwp(2, 2, 0): .integer(3), lwp(2, 2, 1): .integer(0), lwp(2, 2, 2, 127): .integer(7), lwp(2, 2, 2, 310): .integer(1),
            lwp(2, 2, 3): .integer(127),
        ])
    }

    @Test("an instance read may come wrapped in its object-instance entry")
    func wrappedInstance() throws {
        let payload = try CodecFixture.hex("tlv-acl-object-2.hex")
        let firstInstance = Array(payload.prefix(3 + 14))
        let nodes = try LwM2MCodec.decode(firstInstance, format: .tlv, path: lwp(2, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values[lwp(2, 0, 3)] == .integer(127))
        #expect(nodes.values.count == 4)
    }

    @Test("a multiple resource read decodes into resource instances")
    func multipleResource() throws {
        let payload = try CodecFixture.hex("tlv-multiple-resource-3-0-6.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .tlv, path: lwp(3, 0, 6), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(3, 0, 6, 0): .integer(1), lwp(3, 0, 6, 1): .integer(5)])
    }

    @Test("resources the model does not know stay raw bytes")
    func unknownTypesStayOpaque() throws {
        let payload = try CodecFixture.hex("tlv-device-3-0.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .tlv, path: lwp(3, 0), types: CodecTestTypes.none)
        #expect(nodes.values[lwp(3, 0, 9)] == .opaque([100]))
        #expect(nodes.values[lwp(3, 0, 16)] == .opaque([0x55]))
    }

    @Test("our encoding of /3/0 is byte for byte the spec's example")
    func encodesLikeTheSpec() throws {
        let expected = try CodecFixture.hex("tlv-device-3-0.hex")
        let encoded = try LwM2MCodec.encode(LwM2MNodes(CodecTestTypes.deviceInstance), format: .tlv, path: lwp(3, 0))
        #expect(encoded == expected)
    }

    @Test("our encoding of /2 is byte for byte the spec's example")
    func encodesObjectLikeTheSpec() throws {
        let payload = try CodecFixture.hex("tlv-acl-object-2.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .tlv, path: lwp(2), types: CodecTestTypes.lookup)
        #expect(try LwM2MCodec.encode(nodes, format: .tlv, path: lwp(2)) == payload)
    }

    @Test("a length longer than the payload names the entry's offset", arguments: [
        ("C8 00 14 4F 70", 0, "says 20 byte(s) but only 2 remain"),
        ("C1 09 64 C8 01 09 41", 3, "says 9 byte(s) but only 1 remain"),
        ("86 06 41 00 01 41 01", 0, "says 6 byte(s) but only 5 remain"),
        ("E8", 1, "identifier"),
    ])
    func truncated(hex: String, offset: Int, reason: String) throws {
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(try CodecFixture.hexBytes(hex), format: .tlv, path: lwp(3, 0), types: CodecTestTypes.lookup)
        }
        #expect(error?.byteOffset == offset)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("a value of the wrong width for its type is refused at the value's offset")
    func wrongWidth() throws {
        // /3/0/9 Battery level (Integer) with a 3-byte value.
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode([0xC3, 0x09, 0x01, 0x02, 0x03], format: .tlv, path: lwp(3, 0), types: CodecTestTypes.lookup)
        }
        #expect(error?.byteOffset == 2)
        #expect(error?.description == "at byte 2: /3/0/9 is Integer but its TLV value has 3 byte(s); expected 1, 2, 4 or 8")
    }

    @Test("entries for another resource than the path are refused")
    func wrongResource() throws {
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode([0xC1, 0x09, 0x64], format: .tlv, path: lwp(3, 0, 10), types: CodecTestTypes.lookup)
        }
        #expect(error?.reason == "TLV holds resource 9 but the path is /3/0/10")
    }

    @Test("TLV refuses a root path both ways")
    func rootRefused() {
        #expect(throws: LwM2MDecodeError.self) { try LwM2MCodec.decode([], format: .tlv, path: .root, types: CodecTestTypes.lookup) }
        #expect(throws: LwM2MEncodeError.self) { try LwM2MCodec.encode(LwM2MNodes([lwp(3, 0, 9): .integer(1)]), format: .tlv, path: .root) }
    }

    @Test("integers use the fewest of 1, 2, 4 or 8 bytes; floats 4 bytes when exact", arguments: [
        (ResourceValue.integer(0), [UInt8(0)]), (.integer(-1), [0xff]), (.integer(127), [0x7f]), (.integer(128), [0x00, 0x80]),
        (.integer(-32768), [0x80, 0x00]), (.integer(40000), [0x00, 0x00, 0x9c, 0x40]),
        (.integer(Int64.min), [0x80, 0, 0, 0, 0, 0, 0, 0]),
        (.unsignedInteger(255), [0xff]), (.unsignedInteger(UInt64.max), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        (.float(1.5), [0x3f, 0xc0, 0x00, 0x00]), (.float(0.1), [0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]),
        (.objlnk(ObjectLink(objectID: 3, instanceID: 0x1234)), [0x00, 0x03, 0x12, 0x34]),
        (.boolean(true), [0x01]),
    ])
    func valueWidths(value: ResourceValue, bytes: [UInt8]) throws {
        #expect(TLVCodec.valueBytes(value) == bytes)
        let back = try TLVCodec.value(bytes, type: value.type, path: lwp(1, 0, 0), offset: 0)
        #expect(back == value)
    }

    @Test("a Create body without an instance entry is refused at /o with a hint, and decodes at /o/i")
    func createBody() throws {
        let resources: [UInt8] = [0xC1, 0x09, 0x64]
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(resources, format: .tlv, path: lwp(3), types: CodecTestTypes.lookup)
        }
        #expect(error?.reason.contains("decode a Create body at its new instance's path") == true)
        let nodes = try LwM2MCodec.decode(resources, format: .tlv, path: lwp(3, 4), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(3, 4, 9): .integer(100)])
    }
}
