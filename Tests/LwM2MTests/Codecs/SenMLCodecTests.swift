import Testing
@testable import LwM2M

@Suite("SenML JSON and CBOR codecs")
struct SenMLCodecTests {
    @Test("decodes the SenML JSON Read /3/0 example")
    func deviceJSON() throws {
        let payload = try CodecFixture.data("senml-json-device-3-0.json")
        let nodes = try LwM2MCodec.decode(payload, format: .senmlJSON, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == CodecTestTypes.deviceInstance)
    }

    @Test("decodes a hand-written SenML CBOR /3/0 answer")
    func deviceCBOR() throws {
        let payload = try CodecFixture.hex("senml-cbor-device-3-0.hex")
        let nodes = try LwM2MCodec.decode(payload, format: .senmlCBOR, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == [
            lwp(3, 0, 0): .string("Open Mobile Alliance"), lwp(3, 0, 6, 0): .integer(1), lwp(3, 0, 6, 1): .integer(5),
            lwp(3, 0, 9): .integer(100), lwp(3, 0, 13): .time(1_367_491_215), lwp(3, 0, 16): .string("U"),
        ])
    }

    @Test("a composite answer changes base names mid-pack and carries every value kind")
    func composite() throws {
        let payload = try CodecFixture.data("senml-json-composite.json")
        let nodes = try LwM2MCodec.decode(payload, format: .senmlJSON, path: .root, types: CodecTestTypes.lookup)
        #expect(nodes.values == [
            lwp(3, 0, 0): .string("Open Mobile Alliance"), lwp(3, 0, 9): .integer(95), lwp(1, 0, 1): .integer(86400),
            lwp(3303, 0, 5700): .float(24.5), lwp(1, 0, 8): .objlnk(ObjectLink(objectID: 3, instanceID: 0)),
            lwp(5, 0, 0): .opaque([0, 1, 2, 3, 4, 255]),
        ])
    }

    @Test("RFC 8428 §5.1.2: base name + name resolves, values are read")
    func rfcMultipleDatapoints() throws {
        let records = SenMLResolver.resolve(try SenMLJSONCodec.records(try CodecFixture.data("rfc8428-5.1.2-multiple-datapoints.json")))
        #expect(records.map(\.name) == ["urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current"])
        #expect(records.map { $0.value?.scalar.doubleValue } == [120.1, 1.2])
    }

    @Test("RFC 8428 §6: the CBOR form of §5.1.2 gives the same records")
    func rfcCBOR() throws {
        let cbor = SenMLResolver.resolve(try SenMLCBORCodec.records(try CodecFixture.hex("rfc8428-6-cbor-multiple-datapoints.hex")))
        let json = SenMLResolver.resolve(try SenMLJSONCodec.records(try CodecFixture.data("rfc8428-5.1.2-multiple-datapoints.json")))
        #expect(cbor.map(\.name) == json.map(\.name))
        #expect(cbor.map { $0.value?.scalar.doubleValue } == json.map { $0.value?.scalar.doubleValue })
    }

    @Test("RFC 8428 §5.1.3: base time carries to later records and adds to relative times")
    func rfcBaseTime() throws {
        let records = SenMLResolver.resolve(try SenMLJSONCodec.records(try CodecFixture.data("rfc8428-5.1.3-multiple-measurements.json")))
        #expect(records.count == 7)
        #expect(records.allSatisfy { $0.name.hasPrefix("urn:dev:ow:10e2073a0108006:") })
        #expect(records[1].time == 1.276020076001e+09 - 5)
        #expect(records[6].time == 1.276020076001e+09)
    }

    @Test("RFC 8428 §5.1.6: string, boolean and base64url data values")
    func rfcDataTypes() throws {
        let records = SenMLResolver.resolve(try SenMLJSONCodec.records(try CodecFixture.data("rfc8428-5.1.6-data-types.json")))
        #expect(records.map(\.name).last == "urn:dev:ow:10e2073a01080063:nfc-reader")
        guard case .string(let label)? = records[1].value, case .boolean(let open)? = records[2].value, case .data(let data)? = records[3].value else {
            Issue.record("unexpected record values \(records)")
            return
        }
        #expect(label == "Machine Room")
        #expect(open == false)
        #expect(data == Array("hi \n".utf8))
    }

    @Test("a time series keeps the newest value")
    func timeSeries() throws {
        let json = #"[{"bn":"/3303/0/5700","bt":1000,"t":-10,"v":20.0},{"t":0,"v":21.5},{"t":-5,"v":20.5}]"#
        let nodes = try LwM2MCodec.decode(Array(json.utf8), format: .senmlJSON, path: lwp(3303, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(3303, 0, 5700): .float(21.5)])
    }

    @Test("composite request bodies: paths without values, both SenML formats", arguments: [ContentFormat.senmlJSON, .senmlCBOR])
    func compositePaths(format: ContentFormat) throws {
        let paths = [lwp(3, 0, 9), lwp(1, 0), lwp(3303)]
        let encoded = try LwM2MCodec.encodeCompositePaths(paths, format: format)
        #expect(try LwM2MCodec.decodeCompositePaths(encoded, format: format) == paths)
        if format == .senmlJSON {
            #expect(String(decoding: encoded, as: UTF8.self) == #"[{"n":"/3/0/9"},{"n":"/1/0"},{"n":"/3303"}]"#)
        }
    }

    @Test("SenML JSON encoding: base name on the first record, names relative, opaque in vd base64url")
    func encodingShape() throws {
        let nodes = LwM2MNodes([lwp(3, 0, 9): .integer(100), lwp(3, 0, 6, 0): .integer(1), lwp(3, 0, 17): .opaque([0xfb, 0xff])])
        let text = String(decoding: try LwM2MCodec.encode(nodes, format: .senmlJSON, path: lwp(3, 0)), as: UTF8.self)
        #expect(text == #"[{"bn":"/3/0/","n":"6/0","v":1},{"n":"9","v":100},{"n":"17","vd":"-_8"}]"#)
    }

    @Test("errors name the byte offset and what is wrong", arguments: [
        (#"[{"bn":"/3/0/","n":"9","v":true}]"#, 27, #""v" of record 0 must be a number, found a boolean"#),
        (#"[{"bn":"/3/0/","n":"9"}]"#, 1, "record 0 (/3/0/9) has no value"),
        (#"[{"n":"/3/0/9","v":1,"foo_":2}]"#, 28, #"must-understand label "foo_""#),
        (#"{"bn":"/3/0/"}"#, 0, "must be an array of records"),
        (#"[{"n":"/3/0","v":1}]"#, 1, "does not name a resource"),
        (#"[{"n":"/3/0/9","v":01}]"#, 19, "must not start with 0"),
    ])
    func jsonErrors(json: String, offset: Int, reason: String) throws {
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(Array(json.utf8), format: .senmlJSON, path: lwp(3, 0), types: CodecTestTypes.lookup)
        }
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.byteOffset == offset, "\(String(describing: error))")
    }

    @Test("CBOR errors name the byte offset", arguments: [
        ("81 A2 00 62 31 33 02 63 31", 7, "more than the 1 byte(s) left"),
        ("81 A1 00 61 39", nil, nil),
        ("A0", 0, "must be an array of records"),
        ("81 A2 00 62 31 33 02 F6", 7, "must be a number, found null"),
        ("81 A2 00 62 31 33 02 01 00", 8, "unexpected byte(s) after the CBOR item"),
    ] as [(String, Int?, String?)])
    func cborErrors(hex: String, offset: Int?, reason: String?) throws {
        let payload = try CodecFixture.hexBytes(hex)
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(payload, format: .senmlCBOR, path: lwp(3, 0), types: CodecTestTypes.lookup)
        }
        if let reason { #expect(error?.reason.contains(reason) == true, "\(String(describing: error))") }
        if let offset { #expect(error?.byteOffset == offset, "\(String(describing: error))") }
    }
}
