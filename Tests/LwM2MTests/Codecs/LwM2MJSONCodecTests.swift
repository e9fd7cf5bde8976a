import Testing
@testable import LwM2M

@Suite("LwM2M JSON codec")
struct LwM2MJSONCodecTests {
    @Test("decodes the spec's Read /3/0 example", arguments: [ContentFormat.lwm2mJSON, .legacyLwM2MJSON])
    func deviceExample(format: ContentFormat) throws {
        let payload = try CodecFixture.data("lwm2m-json-device-3-0.json")
        let nodes = try LwM2MCodec.decode(payload, format: format, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == CodecTestTypes.deviceInstance)
    }

    @Test("without a model, numbers stay integers and strings stay strings")
    func untyped() throws {
        let payload = try CodecFixture.data("lwm2m-json-device-3-0.json")
        let nodes = try LwM2MCodec.decode(payload, format: .lwm2mJSON, path: lwp(3, 0), types: CodecTestTypes.none)
        #expect(nodes.values[lwp(3, 0, 13)] == .integer(1_367_491_215))
        #expect(nodes.values[lwp(3, 0, 0)] == .string("Open Mobile Alliance"))
    }

    @Test("a time series keeps the newest value (largest bt + t), not the last entry")
    func timeSeries() throws {
        let payload = try CodecFixture.data("lwm2m-json-timeseries-72.json")
        let nodes = try LwM2MCodec.decode(payload, format: .lwm2mJSON, path: lwp(72), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(72, 1, 2): .float(22.4)])
    }

    @Test("a single resource is named by the base name alone")
    func singleResource() throws {
        let encoded = try LwM2MCodec.encode(LwM2MNodes([lwp(3, 0, 9): .integer(88)]), format: .lwm2mJSON, path: lwp(3, 0, 9))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"bn":"/3/0/9","e":[{"v":88}]}"#)
    }

    @Test("opaque travels base64 in sv, object links as o:i in ov, booleans in bv")
    func valueKinds() throws {
        let nodes = LwM2MNodes([lwp(5, 0, 0): .opaque([0, 1, 2, 3, 4, 255]), lwp(1, 0, 8): .objlnk(ObjectLink(objectID: 3, instanceID: 0)), lwp(1, 0, 6): .boolean(true)])
        let text = String(decoding: try LwM2MCodec.encode(nodes, format: .lwm2mJSON, path: .root), as: UTF8.self)
        #expect(text == #"{"bn":"/","e":[{"n":"1/0/6","bv":true},{"n":"1/0/8","ov":"3:0"},{"n":"5/0/0","sv":"AAECAwT/"}]}"#)
        let back = try LwM2MCodec.decode(Array(text.utf8), format: .lwm2mJSON, path: .root, types: CodecTestTypes.lookup)
        #expect(back == nodes)
    }

    @Test("errors name the byte offset and what is wrong", arguments: [
        (#"{"bn":"/3/0/","e":[{"n":"9","v":"x"}]}"#, 32, #""v" of entry 0 must be a number, found a string"#),
        (#"{"bn":"/3/0/","e":[{"n":"9"}]}"#, 19, "entry 0 has no value"),
        (#"{"bn":"/3/0/","e":[{"n":"9","v":1},]}"#, 35, "expected a JSON value"),
        (#"{"bn":"/3/0/","e":[{"n":"x","v":1}]}"#, 19, "name '/3/0/x' is not an LwM2M path"),
        (#"{"bn":"/4/0/","e":[{"n":"1","v":1}]}"#, 19, "lies outside the requested path /3/0"),
        (#"{"bn":"/3/0/"}"#, 0, #"has no "e" array"#),
        (#"{"bn":"/5/0/","e":[{"n":"0","sv":"%%%"}]}"#, 0, "not base64"),
        ("[1,2]", 0, "must be an object"),
        (#"{"e":[{"n":"/3/0/1","sv":"abc"#, 25, "string never ends"),
    ])
    func errors(json: String, offset: Int, reason: String) throws {
        let path = json.contains("/5/0/") ? lwp(5, 0) : lwp(3, 0)
        let error = #expect(throws: LwM2MDecodeError.self) {
            try LwM2MCodec.decode(Array(json.utf8), format: .lwm2mJSON, path: path, types: CodecTestTypes.lookup)
        }
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        if offset > 0 { #expect(error?.byteOffset == offset) }
    }

    @Test("LwM2M 1.0 style full names without a base name decode too")
    func fullNames() throws {
        let json = #"{"e":[{"n":"/3/0/9","v":42},{"n":"/3/0/6/1","v":5}]}"#
        let nodes = try LwM2MCodec.decode(Array(json.utf8), format: .legacyLwM2MJSON, path: lwp(3, 0), types: CodecTestTypes.lookup)
        #expect(nodes.values == [lwp(3, 0, 9): .integer(42), lwp(3, 0, 6, 1): .integer(5)])
    }
}
