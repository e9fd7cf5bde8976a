import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import Testing

@Suite("Operations a server sends to a simulated device")
struct OperationTests {
    static let manufacturer = LwM2MPath(object: 3, instance: 0, resource: 0)

    @Test("coap-client-notls reads the manufacturer from the device's port")
    func debianClientReads() async throws {
        let tool = "/usr/bin/coap-client-notls"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "libcoap3-bin is not installed")
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let port = await h.device.port ?? 0
            let output = try await runTool(tool, ["-m", "get", "-A", "0", "-B", "5", "coap://127.0.0.1:\(port)/3/0/0"])
            #expect(output.contains("lwm2m-console simulator"), "coap-client printed: \(output)")
        }
    }

    @Test("reads in every content format decode to the device's values", arguments: [
        (ContentFormat.tlv, "/3/0"), (.senmlJSON, "/3/0"), (.senmlCBOR, "/3/0"), (.lwm2mJSON, "/3/0"),
        (.tlv, "/3"), (.senmlJSON, "/3303/0"), (.text, "/3/0/0"), (.cbor, "/3/0/0"), (.tlv, "/3/0/0"), (.senmlCBOR, "/3/0/0"),
    ])
    func readFormats(format: ContentFormat, path: String) async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let (response, nodes) = try await h.read(path, accept: format)
            #expect(response.code == .content)
            #expect(response.options.contentFormat == format.rawValue)
            let values = try #require(nodes).values
            #expect(values[Self.manufacturer] == .string("lwm2m-console simulator") || path.hasPrefix("/3303"))
            if path == "/3/0" || path == "/3" {
                #expect(values[LwM2MPath(object: 3, instance: 0, resource: 1)] == .string("SIM-1"))
                #expect(values[LwM2MPath(object: 3, instance: 0, resource: 2)] == .string(h.device.configuration.endpoint))
                #expect(values[LwM2MPath(object: 3, instance: 0, resource: 11, resourceInstance: 0)] == .integer(0))
                #expect(values[LwM2MPath(object: 3, instance: 0, resource: 16)] == .string("U"))
                if case .integer(let battery)? = values[LwM2MPath(object: 3, instance: 0, resource: 9)] {
                    #expect((0...100).contains(battery))
                } else {
                    Issue.record("no battery level")
                }
                // Executable resources are never in a read.
                #expect(values[LwM2MPath(object: 3, instance: 0, resource: 4)] == nil)
            }
            if path == "/3303/0" {
                #expect(values[LwM2MPath(object: 3303, instance: 0, resource: 5701)] == .string("Cel"))
                if case .float(let temperature)? = values[LwM2MPath(object: 3303, instance: 0, resource: 5700)] {
                    #expect((10.0...35.0).contains(temperature))
                } else {
                    Issue.record("no temperature")
                }
            }
        }
    }

    @Test("a read without Accept answers text for a resource and TLV for an instance")
    func defaultFormats() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let resource = try await h.send(.get, "/3/0/0")
            #expect(resource.options.contentFormat == ContentFormat.text.rawValue)
            #expect(String(decoding: resource.payload, as: UTF8.self) == "lwm2m-console simulator")
            let instance = try await h.send(.get, "/3/0")
            #expect(instance.options.contentFormat == ContentFormat.tlv.rawValue)
        }
    }

    @Test("unsupported Accept gets 4.06; unknown paths 4.04; executable and Security reads refused")
    func readRefusals() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            #expect(try await h.send(.get, "/3/0", accept: .text).code == .notAcceptable)
            #expect(try await h.send(.get, "/3/0/0", accept: .opaque).code == .notAcceptable)
            #expect(try await h.send(.get, "/3/0", acceptNumber: 9999).code == .notAcceptable)
            #expect(try await h.send(.get, "/7/0").code == .notFound)
            #expect(try await h.send(.get, "/3/0/4").code == .methodNotAllowed)
            #expect(try await h.send(.get, "/0").code == .unauthorized)
        }
    }

    @Test("write replaces a value that reads back; read-only and ill-typed writes are refused")
    func writeAndReadBack() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let put = try await h.send(.put, "/1/0/1", format: .text, payload: Array("120".utf8))
            #expect(put.code == .changed)
            #expect(try await h.read("/1/0/1").1?.values[LwM2MPath(object: 1, instance: 0, resource: 1)] == .integer(120))

            let nodes = LwM2MNodes([LwM2MPath(object: 3, instance: 0, resource: 14): .string("+05:30"), LwM2MPath(object: 3, instance: 0, resource: 15): .string("Asia/Kolkata")])
            let partial = try await h.send(.post, "/3/0", format: .senmlJSON, payload: try LwM2MCodec.encode(nodes, format: .senmlJSON, path: LwM2MPath(object: 3, instance: 0)))
            #expect(partial.code == .changed)
            let back = try await h.read("/3/0", accept: .senmlCBOR).1?.values ?? [:]
            #expect(back[LwM2MPath(object: 3, instance: 0, resource: 15)] == .string("Asia/Kolkata"))
            #expect(back[LwM2MPath(object: 3, instance: 0, resource: 14)] == .string("+05:30"))
            #expect(back[Self.manufacturer] == .string("lwm2m-console simulator"))

            #expect(try await h.send(.put, "/3/0/0", format: .text, payload: Array("evil".utf8)).code == .methodNotAllowed)
            #expect(try await h.send(.put, "/1/0/1", format: .text, payload: Array("abc".utf8)).code == .badRequest)
            #expect(try await h.send(.put, "/1/0/1", acceptNumber: nil, format: .senmlJSON, payload: Array("[{\"n\":\"/1/0/1\",\"vs\":\"x\"}]".utf8)).code == .badRequest)
        }
    }

    @Test("firmware update: a Package write (PUSH) downloads, Update installs a new version")
    func firmwareUpdate() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let state = LwM2MPath(object: 5, instance: 0, resource: 3)
            #expect(try await h.send(.post, "/5/0/2").code == .methodNotAllowed)
            #expect(try await h.send(.put, "/5/0/0", format: .opaque, payload: Array("image".utf8)).code == .changed)
            #expect(try await h.read("/5/0/3").1?.values[state] == .integer(2))
            #expect(try await h.send(.post, "/5/0/2").code == .changed)
            #expect(await eventually(timeout: 5) { (try? await h.read("/5/0/5").1?.values[LwM2MPath(object: 5, instance: 0, resource: 5)]) == .integer(1) })
            #expect(try await h.read("/3/0/3").1?.values[LwM2MPath(object: 3, instance: 0, resource: 3)] == .string("1.0.1"))
        }
    }

    @Test("discover lists instances and resources with attributes written before")
    func discoverAndAttributes() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            #expect(try await h.send(.put, "/3303/0/5700", query: ["pmin=2", "pmax=30"]).code == .changed)
            #expect(try await h.send(.put, "/3303/0/5700", query: ["pmin=9", "pmax=3"]).code == .badRequest)
            let response = try await h.send(.get, "/3303", accept: .linkFormat)
            #expect(response.code == .content)
            #expect(response.options.contentFormat == ContentFormat.linkFormat.rawValue)
            let links = try CoRELinkFormat.parse(String(decoding: response.payload, as: UTF8.self))
            #expect(links.first?.target == "/3303")
            #expect(links.first?.attribute("ver") == "1.1")
            let value = try #require(links.first { $0.target == "/3303/0/5700" })
            #expect(value.attribute("pmin") == "2")
            #expect(value.attribute("pmax") == "30")
            let errors = try await h.send(.get, "/3/0/11", accept: .linkFormat)
            #expect(String(decoding: errors.payload, as: UTF8.self) == "</3/0/11>;dim=1")
        }
    }

    @Test("composite read (FETCH) answers several paths in SenML")
    func compositeRead() async throws {
        try await DeviceHarness.with { (h: DeviceHarness) async throws in
            let paths = [Self.manufacturer, LwM2MPath(object: 3303, instance: 0, resource: 5701)]
            let body = try LwM2MCodec.encodeCompositePaths(paths, format: .senmlJSON)
            let response = try await h.send(.fetch, "/", accept: .senmlCBOR, format: .senmlJSON, payload: body)
            #expect(response.code == .content)
            let nodes = try LwM2MCodec.decode(response.payload, format: .senmlCBOR, path: .root, types: ObjectModel.builtIn.typeLookup)
            #expect(nodes.values == [Self.manufacturer: .string("lwm2m-console simulator"), paths[1]: .string("Cel")])
        }
    }

    @Test("drop-requests makes reads time out; turning it off answers again")
    func dropRequests() async throws {
        try await DeviceHarness.with({ $0.dropRequests = true }) { (h: DeviceHarness) async throws in
            await #expect(throws: CoAPError.self) { _ = try await h.send(.get, "/3/0/0", timeout: .milliseconds(800)) }
            h.device.control.dropsRequests = false
            #expect(try await h.send(.get, "/3/0/0").code == .content)
        }
    }

    @Test("in queue mode the device does not answer while asleep, and answers after its Update")
    func queueMode() async throws {
        try await DeviceHarness.with({
            $0.queueMode = true
            $0.awakeWindow = .milliseconds(300)
            $0.updateInterval = .seconds(60)
        }) { (h: DeviceHarness) async throws in
            #expect(h.registrar.log.value.registrations.first?.query.last == "b=UQ")
            #expect(try await h.send(.get, "/3/0/0").code == .content)
            #expect(await eventually(timeout: 5) { h.device.control.isAsleep })
            await #expect(throws: CoAPError.self) { _ = try await h.send(.get, "/3/0/0", timeout: .milliseconds(800)) }
            try await h.device.update()
            #expect(try await h.send(.get, "/3/0/0").code == .content)
        }
    }
}
