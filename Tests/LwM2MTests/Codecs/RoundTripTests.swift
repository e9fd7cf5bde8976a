import Testing
@testable import LwM2M

/// Encode then decode gives back the same values, for every codec, type and payload level.
@Suite("Codec round trips")
struct RoundTripTests {
    static let structuredFormats: [ContentFormat] = [.tlv, .legacyTLV, .lwm2mJSON, .legacyLwM2MJSON, .senmlJSON, .senmlCBOR]

    /// Edge values of every type, one per resource of object 32769 instance 5.
    static let edgeValues: [ResourceValue] = [
        .string(""), .string("tab\tquote\"backslash\\newline\n\u{1}nul\u{0}end"), .string("日本語 🚀"),
        .integer(0), .integer(Int64.min), .integer(Int64.max), .integer(-129),
        .unsignedInteger(0), .unsignedInteger(UInt64.max), .unsignedInteger(UInt64(Int64.max) + 1),
        .float(0), .float(-0.5), .float(1e300), .float(.leastNonzeroMagnitude), .float(3.0), .float(-123456.789),
        .boolean(false), .boolean(true),
        .opaque([]), .opaque([0]), .opaque(Array(0...255)),
        .time(0), .time(-1), .time(4_102_444_800),
        .objlnk(ObjectLink(objectID: 0, instanceID: 0)), .objlnk(ObjectLink(objectID: 65535, instanceID: 65535)),
        .corelnk("</1/0>;ver=1.1,</3/0>"),
    ]

    static var edgeNodes: LwM2MNodes {
        var nodes = LwM2MNodes()
        for (i, v) in edgeValues.enumerated() { nodes.values[lwp(32769, 5, UInt16(i))] = v }
        return nodes
    }

    @Test("a 40-resource object instance with every type", arguments: structuredFormats)
    func instance(format: ContentFormat) throws {
        let nodes = CodecSamples.objectInstance(resourceCount: 40)
        try expectRoundTrip(nodes, format: format, path: lwp(32769, 0))
    }

    @Test("edge values of every type", arguments: structuredFormats)
    func edges(format: ContentFormat) throws {
        try expectRoundTrip(Self.edgeNodes, format: format, path: lwp(32769, 5))
    }

    @Test("an object with two instances", arguments: structuredFormats)
    func object(format: ContentFormat) throws {
        var nodes = CodecSamples.objectInstance(resourceCount: 12, instance: 0)
        nodes.values.merge(CodecSamples.objectInstance(resourceCount: 25, instance: 300).values) { a, _ in a }
        try expectRoundTrip(nodes, format: format, path: lwp(32769))
    }

    @Test("a single resource, a multiple resource and one resource instance", arguments: structuredFormats)
    func resourceLevels(format: ContentFormat) throws {
        let instance = CodecSamples.objectInstance(resourceCount: 20)
        try expectRoundTrip(instance.filtered(below: lwp(32769, 0, 3)), format: format, path: lwp(32769, 0, 3))
        try expectRoundTrip(instance.filtered(below: lwp(32769, 0, 9)), format: format, path: lwp(32769, 0, 9))
        try expectRoundTrip(instance.filtered(below: lwp(32769, 0, 19, 2)), format: format, path: lwp(32769, 0, 19, 2))
    }

    @Test("root-level payloads spanning objects", arguments: [ContentFormat.lwm2mJSON, .senmlJSON, .senmlCBOR])
    func root(format: ContentFormat) throws {
        var nodes = LwM2MNodes(CodecTestTypes.deviceInstance)
        nodes.values.merge(CodecSamples.objectInstance(resourceCount: 10).values) { a, _ in a }
        try expectRoundTrip(nodes, format: format, path: .root)
    }

    @Test("every type as a single value", arguments: [ContentFormat.text, .cbor])
    func singleValues(format: ContentFormat) throws {
        for (i, value) in Self.edgeValues.enumerated() {
            let path = lwp(32769, 5, UInt16(i))
            try expectRoundTrip(LwM2MNodes([path: value]), format: format, path: path)
        }
    }

    @Test("opaque as application/octet-stream keeps the bytes exactly")
    func opaque() throws {
        let bytes: [UInt8] = Array(0...255) + [0, 0]
        let encoded = try LwM2MCodec.encode(LwM2MNodes([lwp(5, 0, 0): .opaque(bytes)]), format: .opaque, path: lwp(5, 0, 0))
        #expect(encoded == bytes)
        try expectRoundTrip(LwM2MNodes([lwp(5, 0, 0): .opaque(bytes)]), format: .opaque, path: lwp(5, 0, 0))
    }

    private func expectRoundTrip(_ nodes: LwM2MNodes, format: ContentFormat, path: LwM2MPath, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let payload = try LwM2MCodec.encode(nodes, format: format, path: path)
        let decoded = try LwM2MCodec.decode(payload, format: format, path: path, types: CodecSamples.typeLookup(for: nodes))
        #expect(decoded == nodes, "\(format) at \(path)", sourceLocation: sourceLocation)
    }
}

@Suite("Single-value codecs")
struct SingleValueCodecTests {
    @Test("text/plain reads each type from its text", arguments: [
        ("Open Mobile Alliance", lwp(3, 0, 0), ResourceValue.string("Open Mobile Alliance")),
        ("100", lwp(3, 0, 9), .integer(100)),
        ("1367491215", lwp(3, 0, 13), .time(1_367_491_215)),
        ("22.4", lwp(3303, 0, 5700), .float(22.4)),
        ("3:0", lwp(1, 0, 8), .objlnk(ObjectLink(objectID: 3, instanceID: 0))),
        ("AAECAwT/", lwp(5, 0, 0), .opaque([0, 1, 2, 3, 4, 255])),
    ])
    func textDecoding(text: String, path: LwM2MPath, value: ResourceValue) throws {
        let nodes = try LwM2MCodec.decode(Array(text.utf8), format: .text, path: path, types: CodecTestTypes.lookup)
        #expect(nodes.values == [path: value])
    }

    @Test("text/plain that does not fit the type is refused with the type named")
    func textErrors() throws {
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(Array("abc".utf8), format: .text, path: lwp(3, 0, 9), types: CodecTestTypes.lookup)
        }
        #expect(error?.description == "at byte 0: 'abc' is not an integer from -2^63 to 2^63-1 (/3/0/9 is Integer)")
        let utf8 = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode([0x41, 0x42, 0xff], format: .text, path: lwp(3, 0, 0), types: CodecTestTypes.lookup)
        }
        #expect(utf8?.byteOffset == 2)
    }

    @Test("text/plain of an unknown resource stays raw bytes")
    func textUnknown() throws {
        let nodes = try LwM2MCodec.decode(Array("42".utf8), format: .text, path: lwp(9999, 0, 1), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(9999, 0, 1): .opaque(Array("42".utf8))])
    }

    @Test("CBOR single values written by hand", arguments: [
        ("18 64", lwp(3, 0, 9), ResourceValue.integer(100)),
        ("1A 51 82 42 8F", lwp(3, 0, 13), .time(1_367_491_215)),
        ("C1 1A 51 82 42 8F", lwp(3, 0, 13), .time(1_367_491_215)),
        ("F9 3E 00", lwp(3303, 0, 5700), .float(1.5)),
        ("FA 41 C8 00 00", lwp(3303, 0, 5700), .float(25)),
        ("18 19", lwp(3303, 0, 5700), .float(25)),
        ("63 33 3A 30", lwp(1, 0, 8), .objlnk(ObjectLink(objectID: 3, instanceID: 0))),
        ("61 55", lwp(3, 0, 16), .string("U")),
        ("43 01 02 03", lwp(5, 0, 0), .opaque([1, 2, 3])),
        ("38 63", lwp(9999, 0, 0), .integer(-100)),
        ("F5", lwp(9999, 0, 0), .boolean(true)),
    ])
    func cborDecoding(hex: String, path: LwM2MPath, value: ResourceValue) throws {
        let nodes = try LwM2MCodec.decode(try CodecFixture.hexBytes(hex), format: .cbor, path: path, types: CodecTestTypes.lookup)
        #expect(nodes.values == [path: value])
    }

    @Test("single-value formats need exactly one value at a resource path")
    func singleValueShape() {
        #expect(throws: LwM2MEncodeError.self) {
            try LwM2MCodec.encode(LwM2MNodes([lwp(3, 0, 9): .integer(1), lwp(3, 0, 10): .integer(2)]), format: .text, path: lwp(3, 0))
        }
        #expect(throws: LwM2MEncodeError.self) {
            try LwM2MCodec.encode(LwM2MNodes([lwp(3, 0, 9): .integer(1)]), format: .opaque, path: lwp(3, 0, 9))
        }
        #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode([0x31], format: .text, path: lwp(3, 0), types: CodecTestTypes.lookup)
        }
    }

    @Test("values outside the target path are refused when encoding")
    func outsidePath() {
        let error = #expect(throws: LwM2MEncodeError.self) {
            try LwM2MCodec.encode(LwM2MNodes([lwp(4, 0, 1): .integer(1)]), format: .senmlJSON, path: lwp(3, 0))
        }
        #expect(error?.reason == "value at /4/0/1 lies outside the target path /3/0")
    }

    @Test("JSON formats refuse floats JSON cannot carry")
    func nonFinite() {
        #expect(throws: LwM2MEncodeError.self) {
            try LwM2MCodec.encode(LwM2MNodes([lwp(3303, 0, 5700): .float(.infinity)]), format: .senmlJSON, path: lwp(3303, 0))
        }
    }
}
