import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import NIOCore
import Testing

@Suite("Scheduling on an injected clock, fleets and CSV")
struct ClockAndFleetTests {
    @Test("Updates go out at 80 % of the lifetime on the device's clock, not before")
    func updateSchedule() async throws {
        let registrar = try await TestRegistrar.start()
        let clock = ManualClock()
        var configuration = SimulatedDeviceConfiguration(endpoint: "clock-device", serverURI: registrar.uri)
        configuration.bindHost = "127.0.0.1"
        configuration.lifetime = 100
        let device = SimulatedDevice(configuration, clock: clock)
        do {
            try await device.start()
            clock.advance(79)
            try await Task.sleep(for: .milliseconds(200))
            #expect(registrar.log.value.updates.isEmpty)
            clock.advance(2)
            let ok = await eventually(timeout: 5) { registrar.log.value.updates.count == 1 }

            #expect(ok)
            clock.advance(81)
            #expect(await eventually(timeout: 5) { registrar.log.value.updates.count == 2 })
        } catch {
            Issue.record(error)
        }
        await device.stop()
        await registrar.endpoint.close()
    }

    @Test("the temperature and current time follow the device's clock; a firmware Update completes after 1 s of it")
    func valuesFollowClock() async throws {
        let registrar = try await TestRegistrar.start()
        let clock = ManualClock()
        var configuration = SimulatedDeviceConfiguration(endpoint: "clock-device-2", serverURI: registrar.uri)
        configuration.bindHost = "127.0.0.1"
        let device = SimulatedDevice(configuration, clock: clock)
        let temperature = LwM2MPath(object: 3303, instance: 0, resource: 5700)
        let time = LwM2MPath(object: 3, instance: 0, resource: 13)
        let first = device.objects
        #expect(device.objects.value(temperature) == first.value(temperature))
        clock.advance(20)
        let later = device.objects
        #expect(later.value(temperature) != first.value(temperature))
        #expect(later.value(time) == .time(1_800_000_020))
        device.modifyObjects { $0.set(5, 0, 3, .integer(0)) }
        try await device.start()
        let client = try await UniquePortBinder.bind(host: "127.0.0.1")
        let peer = try SocketAddress(ipAddress: "127.0.0.1", port: await device.port ?? 0)
        var write = CoAPRequest(.put, path: "/5/0/0", payload: Array("image".utf8))
        write.options.contentFormat = ContentFormat.opaque.rawValue
        #expect(try await client.send(write, to: peer).code == .changed)
        #expect(device.objects.value(LwM2MPath(object: 5, instance: 0, resource: 3)) == .integer(2))
        #expect(try await client.send(CoAPRequest(.post, path: "/5/0/2"), to: peer).code == .changed)
        #expect(device.objects.value(LwM2MPath(object: 5, instance: 0, resource: 3)) == .integer(3))
        clock.advance(1)
        #expect(device.objects.value(LwM2MPath(object: 5, instance: 0, resource: 3)) == .integer(0))
        await client.close()
        await device.stop()
        await registrar.endpoint.close()
    }

    @Test("a fleet of 50 devices registers, each on its own port, and de-registers on stop")
    func fleet() async throws {
        let registrar = try await TestRegistrar.start()
        var template = SimulatedDeviceConfiguration(endpoint: "", serverURI: registrar.uri)
        template.bindHost = "127.0.0.1"
        let configurations = DeviceFleet.configurations(count: 50, prefix: "fleet", template: template)
        #expect(configurations.first?.endpoint == "fleet-000001")
        #expect(configurations.last?.endpoint == "fleet-000050")
        let fleet = DeviceFleet(configurations, startsPerSecond: 500)
        await fleet.start()
        #expect(fleet.statistics.started == 50)
        #expect(fleet.statistics.registrations == 50)
        #expect(fleet.statistics.errors == 0)
        let endpoints = Set(registrar.log.value.registrations.compactMap { $0.query.first })
        #expect(endpoints.count == 50)
        let ports = Set(registrar.log.value.registrations.compactMap(\.peer.port))
        #expect(ports.count == 50)
        await fleet.stop()
        #expect(registrar.log.value.deregistrations.count == 50)
        #expect(fleet.statistics.deregistrations == 50)
        await registrar.endpoint.close()
    }

    @Test("CSV rows in the bulk-registration layout and the short layout")
    func csvLayouts() throws {
        let bulk = """
            ID;endpoint id;securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;bindingMode
            nosec_device;nosec_device;NO_SEC;;;;;U
            psk_device;psk_device;PSK;psk-id;0A0b;bs-id;"FFEE";UQ
            """
        let rows = try FleetCSV.parse(bulk)
        #expect(rows.count == 2)
        #expect(rows[0].endpoint == "nosec_device")
        #expect(!rows[0].isPSK)
        #expect(rows[0].queueMode == false)
        #expect(rows[1].isPSK)
        #expect(rows[1].serverPSK?.identity == "psk-id")
        #expect(rows[1].serverPSK?.key == [0x0A, 0x0B])
        #expect(rows[1].bootstrapPSK?.key == [0xFF, 0xEE])
        #expect(rows[1].queueMode == true)
        let short = try FleetCSV.parse("endpoint,securityMode,psk_id,psk_key\ndev-1,PSK,id-1,3132\ndev-2,NO_SEC,,\n")
        #expect(short.map(\.endpoint) == ["dev-1", "dev-2"])
        #expect(short[0].serverPSK?.key == Array("12".utf8))
    }

    @Test("CSV errors name the line and the reason")
    func csvErrors() {
        #expect(throws: SimulatorError("f.csv:2: psk_key '123' is not even-length hex")) {
            try FleetCSV.parse("endpoint,securityMode,psk_id,psk_key\nd,PSK,id,123", file: "f.csv")
        }
        #expect(throws: SimulatorError("f.csv:3: endpoint 'd' appears twice")) {
            try FleetCSV.parse("endpoint\nd\nd", file: "f.csv")
        }
        #expect(throws: SimulatorError("f.csv:1: no 'endpoint id' (or 'endpoint') column in the header")) {
            try FleetCSV.parse("name,x\nd,1", file: "f.csv")
        }
        #expect(throws: SimulatorError("f.csv:2: securityMode 'X509' is not NO_SEC or PSK")) {
            try FleetCSV.parse("endpoint,securityMode\nd,X509", file: "f.csv")
        }
    }

    @Test("server URIs parse with default ports; bad ones are refused with the URI named")
    func serverAddresses() throws {
        #expect(try ServerAddress(uri: "coap://127.0.0.1") == ServerAddress(uri: "coap://127.0.0.1:5683"))
        let secure = try ServerAddress(uri: "coaps://example.org")
        #expect(secure.port == 5684)
        #expect(secure.isSecure)
        #expect(throws: SimulatorError("'http://x' is not a server URI like coap://127.0.0.1:5683 or coaps://host:5684")) {
            try ServerAddress(uri: "http://x")
        }
    }
}
