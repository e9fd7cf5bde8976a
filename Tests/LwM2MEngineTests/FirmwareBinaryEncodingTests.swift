import CoAP
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// `binaryDeliveryEncoding` (SPEC §2, §5) for `writeb` and firmware PUSH, and the PUSH/PULL choice.
@Suite("Binary delivery encoding and delivery choice", .serialized, .timeLimit(.minutes(2)))
struct FirmwareBinaryEncodingTests {
    static let bytes: [UInt8] = [0x00, 0xFF, 0x10, 0x80, 0x7F, 0x41, 0x0A, 0x0D]

    @Test("writeb request per encoding: content format and payload", arguments: BinaryDeliveryEncoding.allCases)
    func request(_ encoding: BinaryDeliveryEncoding) throws {
        let request = try #require(try ShellCommandParser.parse("writeb /5/0/0 00ff10807f410a0d", model: .builtIn).first)
        let formats = ContentFormatChoice(serialization: nil, announced: [.tlv, .senmlJSON], version: "1.1")
        let plan = try OperationRequestBuilder(formats: formats, binaryEncoding: encoding).plan(request.command)
        let path = LwM2MPath(object: 5, instance: 0, resource: 0)
        #expect(plan.request.options.contentFormat == encoding.contentFormat.rawValue)
        switch encoding {
        case .opaque:
            #expect(plan.request.payload == Self.bytes)
        case .text:
            #expect(String(decoding: plan.request.payload, as: UTF8.self) == Data(Self.bytes).base64EncodedString())
        case .json:
            let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.request.payload)) as? [[String: Any]])
            #expect(json.count == 1)
            #expect((json.first?["vd"] as? String).flatMap { Data(base64Encoded: Self.padded($0.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"))) } == Data(Self.bytes))
        case .tlv:
            // Resource with value, ID 0 in one byte, 8-bit length (OMA TS Core, TLV): 0xC8 0x00 0x08.
            #expect(plan.request.payload == [0xC8, 0x00, 0x08] + Self.bytes)
        }
        // Whatever the encoding, the device's decoder gets the same bytes back.
        let decoded = try LwM2MCodec.decode(plan.request.payload, format: encoding.contentFormat, path: path, types: ObjectModel.builtIn.typeLookup)
        #expect(decoded.values[path] == .opaque(Self.bytes))
    }

    static func padded(_ text: String) -> String {
        text + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }

    @Test("unknown or empty settings mean OPAQUE")
    func settings() {
        #expect(BinaryDeliveryEncoding(setting: nil) == .opaque)
        #expect(BinaryDeliveryEncoding(setting: "") == .opaque)
        #expect(BinaryDeliveryEncoding(setting: "tlv") == .tlv)
        #expect(BinaryDeliveryEncoding(setting: "BASE64") == .opaque)
    }

    @Test("writeb under each binaryDeliveryEncoding reaches the simulated device as the same bytes")
    func writebReachesDevice() async throws {
        let fixture = try await FirmwareFixture()
        let device = fixture.fleet.nosecDevice()
        try await device.start()
        for (index, encoding) in ["OPAQUE", "TEXT", "TLV", "JSON"].enumerated() {
            try fixture.store.updateBootstrapParameters(tenant: FirmwareFixture.nosec.tenant, id: "nosec_device", changes: ["binaryDeliveryEncoding": encoding])
            let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 * (index + 3)) }
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let done = try await fixture.run(FirmwareFixture.nosec, "writeb /5/0/0 \(hex)", within: .seconds(10))
            #expect(done.status == .successful, "\(encoding): \(done.failureReason ?? "")")
            #expect(device.firmwareImage == bytes, "\(encoding)")
        }
        await fixture.shutDown([device])
    }

    @Test("PUSH or PULL: settings, /5/0/9 and /5/0/8 decide; external URLs only PULL; reasons named")
    func deliveryChoice() throws {
        let served = "coaps://10.0.0.1:5784/fw/a/1"
        func choice(_ setting: String?, _ reported: Int64?, _ protocols: [Int64] = [], settingProtocol: String? = nil) -> FirmwareDeliveryChoice {
            FirmwareDeliveryChoice(setting: setting, settingProtocol: settingProtocol, reported: reported, protocols: protocols)
        }
        #expect(try choice("PUSH", 2).forRepositoryImage(servedURI: served) == .push)
        #expect(try choice("PULL", 2, [0, 1]).forRepositoryImage(servedURI: served) == .pull(served))
        #expect(try choice("BOTH", 2, [0, 1]).forRepositoryImage(servedURI: served) == .pull(served))
        // The device only downloads over plain CoAP: PUSH instead.
        #expect(try choice("BOTH", 2, [0]).forRepositoryImage(servedURI: served) == .push)
        #expect(try choice(nil, 1).forRepositoryImage(servedURI: served) == .push)
        #expect(try choice("BOTH", 2, settingProtocol: "COAP").forRepositoryImage(servedURI: served) == .push)
        #expect(throws: EngineError("no delivery method fits: fwUpdateDeliveryMethod is PUSH; the device reports delivery method 0 (pull only) in /5/0/9")) {
            try choice("PUSH", 0).forRepositoryImage(servedURI: served)
        }
        #expect(try choice(nil, 0, [2, 3]).forExternalURL("https://cdn.example/fw.bin") == .pull("https://cdn.example/fw.bin"))
        #expect(throws: EngineError.self) { try choice(nil, 0, [0, 1]).forExternalURL("https://cdn.example/fw.bin") }
        #expect(throws: EngineError.self) { try choice("PUSH", 2).forExternalURL("coap://other/fw.bin") }
        #expect(LwM2MEngine.isExternal("http://127.0.0.1:5783/fw/a/1", ourHosts: ["127.0.0.1"], ourPorts: [5783]))
        #expect(LwM2MEngine.isExternal("coap://other:5783/fw/a/1", ourHosts: ["127.0.0.1"], ourPorts: [5783]))
        #expect(!LwM2MEngine.isExternal("coap://127.0.0.1:5783/fw/a/1", ourHosts: ["127.0.0.1"], ourPorts: [5783]))
        #expect(LwM2MEngine.servingHost(serverURI: "coaps://lwm2m.example.com:5784", bindAddress: "0.0.0.0") == "lwm2m.example.com")
        #expect(LwM2MEngine.servingHost(serverURI: nil, bindAddress: "0.0.0.0") == "127.0.0.1")
        let token = "00112233445566778899aabbccddeeff"
        #expect(LwM2MEngine.firmwareURI(secure: true, host: "::1", port: 5784, token: token) == "coaps://[::1]:5784/fw/\(token)")
        #expect(LwM2MEngine.servedURI(base: "coaps://public.example:15784/", secure: true, host: "10.0.0.1", port: 5784, token: token)
                == "coaps://public.example:15784/fw/\(token)")
        #expect(LwM2MEngine.servedURI(base: "https://cdn.example/", secure: true, host: "10.0.0.1", port: 5784, token: token)
                == "coaps://10.0.0.1:5784/fw/\(token)")
        #expect(LwM2MEngine.servedURI(base: nil, secure: false, host: "10.0.0.1", port: 5783, token: token) == "coap://10.0.0.1:5783/fw/\(token)")
    }
}
