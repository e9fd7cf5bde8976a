import CoAP
import LwM2M
import Testing
@testable import LwM2MEngine

/// Shell command → CoAP request (SPEC §5, §10): methods, paths, Accept and payload formats.
@Suite("Request mapping and content formats")
struct RequestMappingTests {
    static func plan(_ line: String, formats: ContentFormatChoice) throws -> PlannedRequest {
        let request = try #require(try ShellCommandParser.parse(line, model: .builtIn).first)
        return try OperationRequestBuilder(formats: formats).plan(request.command)
    }

    static let senmlDevice = ContentFormatChoice(serialization: nil, announced: [.tlv, .senmlJSON, .senmlCBOR], version: "1.1")

    @Test("Accept: the best announced format for 1.1, TLV for 1.0, text only when asked and only for a resource")
    func acceptChoice() throws {
        #expect(try Self.plan("read /3/0", formats: Self.senmlDevice).request.options.accept == ContentFormat.senmlCBOR.rawValue)
        let jsonOnly = ContentFormatChoice(serialization: nil, announced: [.senmlJSON, .lwm2mJSON], version: "1.1")
        #expect(try Self.plan("read /3/0/0", formats: jsonOnly).request.options.accept == ContentFormat.senmlJSON.rawValue)
        let old = ContentFormatChoice(serialization: nil, announced: [.senmlCBOR], version: "1.0")
        #expect(try Self.plan("read /3/0/0", formats: old).request.options.accept == ContentFormat.tlv.rawValue)
        let text = ContentFormatChoice(serialization: .text, announced: [.tlv], version: "1.1")
        #expect(try Self.plan("read /3/0/0", formats: text).request.options.accept == ContentFormat.text.rawValue)
        #expect(try Self.plan("read /3/0", formats: text).request.options.accept == ContentFormat.tlv.rawValue)
    }

    @Test("methods and options per verb")
    func methods() throws {
        let f = Self.senmlDevice
        let write = try Self.plan("write /1/0/1 300", formats: f)
        #expect(write.request.method == .put)
        #expect(write.request.options.contentFormat == ContentFormat.senmlCBOR.rawValue)
        #expect(try LwM2MCodec.decode(write.request.payload, format: .senmlCBOR, path: LwM2MPath(object: 1, instance: 0, resource: 1), types: ObjectModel.builtIn.typeLookup)
            .values[LwM2MPath(object: 1, instance: 0, resource: 1)] == .integer(300))
        let execute = try Self.plan("execute /3/0/4 0='now'", formats: f)
        #expect(execute.request.method == .post)
        #expect(execute.request.payload == Array("0='now'".utf8))
        #expect(try Self.plan("delete /3303/1", formats: f).request.method == .delete)
        let discover = try Self.plan("discover /3/0", formats: f)
        #expect(discover.request.options.accept == ContentFormat.linkFormat.rawValue)
        let attributes = try Self.plan("writeattr /3303/0/5700 pmin=10&pmax=60", formats: f)
        #expect(attributes.request.method == .put)
        #expect(attributes.request.options.uriQuery == ["pmin=10", "pmax=60"])
        let observe = try Self.plan("observe /3303/0/5700", formats: f)
        #expect(observe.request.options.observe == 0)
        #expect(observe.kind == .observe(key: "/3303/0/5700"))
        let composite = try Self.plan("cread /3/0/0 /3/0/9", formats: f)
        #expect(composite.request.method == .fetch)
        #expect(composite.request.options.uriPath.isEmpty)
        #expect(try LwM2MCodec.decodeCompositePaths(composite.request.payload, format: .senmlCBOR).count == 2)
        let raw = try Self.plan(#"coap {"method":"GET","uri":"/3/0/0","accept":0}"#, formats: f)
        #expect(raw.request.method == .get)
        #expect(raw.request.options.uriPath == ["3", "0", "0"])
        #expect(raw.request.options.accept == 0)
        let create = try Self.plan(#"create /3303 {"5700":21.5}"#, formats: f)
        #expect(create.request.method == .post)
        #expect(create.request.options.uriPath == ["3303"])
    }

    @Test("fwupdate is not one CoAP request: the builder refuses it (dispatch runs a firmware job instead)")
    func firmwareIsNotASingleRequest() throws {
        #expect(throws: EngineError.self) { try Self.plan("fwupdate fw;1.0;http://example.com/fw.bin", formats: Self.senmlDevice) }
    }
}
