import ConsoleCore
import Foundation
import Testing

/// The Objects tab with last known values (SPEC §6): value, units and age per resource, updated
/// live for the open device. Snapshots re-recorded with `RECORD_SNAPSHOTS=1`.
@Suite("Objects tab: last values")
struct ObjectValuesTests {
    static let meter = "d3"

    /// meter-1 opened on its Objects tab, with a temperature sensor in its tree.
    static func objectsTab(size: TerminalSize = TerminalSize(columns: 80, rows: 24)) -> Harness {
        var harness = Harness(size: size)
        harness.press(.enter, .char("l"), .char("l"), .char("l"))
        guard let row = TestFleet.rows.first(where: { $0.id == meter }) else { return harness }
        var detail = TestFleet.detail(row)
        detail.objects = [
            ObjectNode(path: "/3", name: "Device", depth: 0),
            ObjectNode(path: "/3/0", name: "Instance 0", depth: 1),
            ObjectNode(path: "/3/0/0", name: "Manufacturer", depth: 2, operations: "R"),
            ObjectNode(path: "/3/0/9", name: "Battery Level", depth: 2, operations: "R"),
            ObjectNode(path: "/3/0/4", name: "Reboot", depth: 2, operations: "E"),
            ObjectNode(path: "/3303", name: "Temperature", depth: 0),
            ObjectNode(path: "/3303/0", name: "Instance 0", depth: 1),
            ObjectNode(path: "/3303/0/5700", name: "Sensor Value", depth: 2, operations: "R"),
        ]
        harness.send(.deviceLoaded(detail))
        return harness
    }

    static func values(at now: Date) -> [ObjectValue] {
        [
            ObjectValue(path: "/3/0/0", text: "\"Acme\"", reportedAt: now.addingTimeInterval(-3600 * 3)),
            ObjectValue(path: "/3/0/9", text: "87 %", reportedAt: now.addingTimeInterval(-125)),
            ObjectValue(path: "/3303/0/5700", text: "21.5 °C", reportedAt: now.addingTimeInterval(-12)),
        ]
    }

    @Test(arguments: SnapshotTests.sizes)
    func snapshot(size: TerminalSize) throws {
        var harness = Self.objectsTab(size: size)
        harness.send(.objectValues(deviceID: Self.meter, Self.values(at: harness.now)))
        let screen = harness.screen()
        // 80 columns leave out the name so the value and its age fit; 120 show everything.
        let line = size.columns >= 120 ? "/3303/0/5700 Sensor Value = 21.5 °C  12 s ago  [R]" : "/3303/0/5700 = 21.5 °C  12 s ago"
        #expect(screen.contains(line))
        try Snapshot.assert(screen, named: "objects-values-\(size.columns)x\(size.rows)")
    }

    @Test("a notification's new value replaces the old one; the age follows the clock; resources without a value show none")
    func liveUpdate() {
        var harness = Self.objectsTab()
        harness.send(.objectValues(deviceID: Self.meter, Self.values(at: harness.now)))
        harness.advance(60)
        #expect(harness.screen().contains("21.5 °C  1 min ago"))
        harness.send(.objectValues(deviceID: Self.meter, [ObjectValue(path: "/3303/0/5700", text: "22.0 °C", reportedAt: harness.now)]))
        let screen = harness.screen()
        #expect(screen.contains("/3303/0/5700 = 22.0 °C  0 s ago"))
        #expect(!screen.contains("21.5"))
        #expect(screen.contains("87 %  3 min ago"), "values not in the update stay")
        #expect(screen.contains("/3/0/4 Reboot  [E]"))
    }

    @Test("values of another device, or of a resource the tree lacks, change nothing")
    func otherDevice() {
        var harness = Self.objectsTab()
        let before = harness.screen()
        harness.send(.objectValues(deviceID: "d1", Self.values(at: harness.now)))
        harness.send(.objectValues(deviceID: Self.meter, [ObjectValue(path: "/5/0/3", text: "0", reportedAt: harness.now)]))
        #expect(harness.screen() == before)
    }
}
