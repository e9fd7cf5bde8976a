import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// `lwm2m-console devices values ID [--json]` as the real binary, on the store a real engine
/// writes while the simulator answers a read.
@Suite("Last values: `devices values` CLI", .serialized, .timeLimit(.minutes(2)))
struct LastValueCLITests {
    @Test("after a read: the value with its name, units, age and source; JSON; no values; unknown device")
    func values() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ControlSocketCLITests.binaryPath), "run `swift build` first")
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        let data = ["--data-dir", fixture.directory]
        do {
            let empty = try await ControlSocketCLITests.run(["devices", "values", "nosec_device"] + data)
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(empty.stdout == "No values known for nosec_device yet: read or observe a resource first.\n")

            try await device.start()
            let ref = FleetFixture.nosec
            #expect(try await fixture.run(ref, "read /3/0/9").status == .successful)
            #expect(try await fixture.run(ref, "read /3/0/0").status == .successful)
            let battery = try #require(await fixture.engine.lastValues(ref)[LwM2MPath(object: 3, instance: 0, resource: 9)])
            guard case .integer(let level) = battery else {
                Issue.record("battery level read as \(battery)")
                await fixture.shutDown([device])
                return
            }
            #expect(await fixture.log.waitUntil {
                (try? fixture.store.lastValues(tenant: ref.tenant, deviceID: ref.id))?.count == 2
            }, "written behind to the store")

            let shown = try await ControlSocketCLITests.run(["devices", "values", "nosec_device"] + data)
            #expect(shown.status == 0, "\(shown.stderr)")
            let lines = shown.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            let manufacturer = "\"\(DeviceProfile().manufacturer)\""
            #expect(lines.first?.range(of: #"^/3/0/0  Manufacturer   = \#(manufacturer)  \d+ s ago \(read\)$"#, options: .regularExpression) != nil, "\(lines)")
            #expect(lines.last?.range(of: #"^/3/0/9  Battery Level  = \#(level) %  \d+ s ago \(read\)$"#, options: .regularExpression) != nil, "\(lines)")

            let json = try await ControlSocketCLITests.run(["devices", "values", "nosec_device", "--json"] + data)
            #expect(json.status == 0, "\(json.stderr)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(parsed.map { $0["path"] as? String } == ["/3/0/0", "/3/0/9"])
            #expect(parsed.last?["value"] as? String == "\(level) %")
            #expect(parsed.last?["type"] as? String == "Integer")
            #expect(parsed.last?["source"] as? String == "read")
            #expect(parsed.last?["reportedAt"] is String)

            let ghost = try await ControlSocketCLITests.run(["devices", "values", "ghost"] + data)
            #expect(ghost.status == 1)
            #expect(ghost.stderr == "error: no device 'ghost' in tenant t-default\n")
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }
}
