import ConsoleCore
import Foundation
import Testing

/// The Devices table past 1,000 matches: a lower bound first, the exact count later (never a
/// stale one), and paging, `G` and PgDn over the whole list.
@Suite("Devices table: counts and paging past 1,000 matches")
struct DevicePagingTests {
    /// 100,000 devices; "m" matches 54,321 of them, "mx" 2,500 and "small" 7.
    static let fleet = PagedFleet(lists: ["": 100_000, "m": 54_321, "mx": 2_500, "small": 7])

    static func filtered(_ text: String) -> PagingHarness {
        var harness = PagingHarness(fleet: fleet)
        harness.press(.char("/"))
        harness.type(text)
        harness.press(.enter)
        return harness
    }

    static func title(_ screen: String) -> String {
        screen.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
    }

    @Test func aLowerBoundShowsAsThousandPlusThenTheExactCountReplacesIt() {
        var harness = Self.filtered("m")
        #expect(harness.state.devices.matching == 1_000)
        #expect(!harness.state.devices.matchingIsExact)
        #expect(Self.title(harness.screen()).contains("Devices /m 1,000+"))
        #expect(harness.screen().contains("row 1 of 1,000+"))
        // Asked once, after the page was shown, for the filter on screen.
        #expect(harness.counts.map(\.filter) == ["m"])
        harness.answerCount()
        #expect(harness.state.devices.matching == 54_321)
        #expect(harness.state.devices.matchingIsExact)
        #expect(Self.title(harness.screen()).contains("Devices /m 54,321"))
        #expect(harness.screen().contains("row 1 of 54,321"))
        #expect(harness.counts.isEmpty)
    }

    @Test func smallAndUnfilteredListsAreCountedWithThePageAndNeverAskForACount() {
        var harness = PagingHarness(fleet: Self.fleet)
        #expect(Self.title(harness.screen()).contains("Devices 100,000"))
        #expect(harness.screen().contains("100,000 devices"), "the header count has separators too")
        harness.press(.char("/"))
        harness.type("small")
        #expect(Self.title(harness.screen()).contains("Devices /small 7"))
        #expect(!harness.screen().contains("row 1 of 7"), "a list that fits the pane shows no position")
        #expect(harness.counts.isEmpty)
    }

    @Test func aCountForAnEarlierFilterIsIgnored() {
        var harness = PagingHarness(fleet: Self.fleet)
        harness.press(.char("/"))
        harness.type("m")
        #expect(harness.counts.map(\.filter) == ["m"])
        harness.type("x")  // "mx" now: its own lower bound and its own count request
        #expect(harness.counts.map(\.filter) == ["m", "mx"])
        harness.answerCount()  // the 54,321 of "m" arrives late
        #expect(harness.state.devices.matching == 1_000)
        #expect(!harness.state.devices.matchingIsExact)
        #expect(!harness.screen().contains("54,321"))
        harness.answerCount()
        #expect(harness.state.devices.matching == 2_500)
        #expect(Self.title(harness.screen()).contains("Devices /mx 2,500"))
        // Back to "m" and its count arrives for an older request of the same filter text: dropped.
        harness.press(.backspace)
        let current = harness.counts
        #expect(current.map(\.filter) == ["m"])
        harness.send(.devicesCounted(DeviceCountQuery(filter: "m", serial: 1), matching: 99))
        #expect(harness.state.devices.matching == 1_000)
        harness.answerCount()
        #expect(harness.state.devices.matching == 54_321)
    }

    @Test func aRefreshRecountsWithoutFallingBackToTheLowerBound() {
        var harness = Self.filtered("m")
        harness.answerCount()
        let before = harness.counts
        #expect(before.isEmpty)
        harness.fleet.lists["m"] = 54_400  // an import added devices
        harness.press(.char("r"))
        #expect(Self.title(harness.screen()).contains("Devices /m 54,321"), "the known count stays while it is recounted")
        #expect(harness.counts.map(\.filter) == ["m"])
        harness.answerCount()
        #expect(Self.title(harness.screen()).contains("Devices /m 54,400"))
    }

    @Test func bottomGoesToTheLastOfFiftyFourThousandMatches() {
        var harness = Self.filtered("m")
        harness.answerCount()
        harness.queries = []
        harness.press(.char("G"))
        let visible = Layout(size: harness.state.size).tableRows
        #expect(harness.state.devices.selected == 54_320)
        #expect(harness.queries == [DeviceQuery(filter: "m", sort: .endpoint, offset: 54_321 - visible, limit: visible, knownMatching: 54_321)])
        #expect(harness.state.devices.selectedRow?.endpoint == "m-054320")
        let screen = harness.screen()
        #expect(screen.contains("m-054320"))
        #expect(screen.contains("row 54,321 of 54,321"))
    }

    @Test func bottomBeforeTheCountGoesToTheBoundThenToTheRealEnd() {
        var harness = Self.filtered("m")
        harness.press(.char("G"))
        #expect(harness.state.devices.selected == 999)
        #expect(harness.state.devices.selectedRow?.endpoint == "m-000999")
        harness.answerCount()
        #expect(harness.state.devices.selected == 54_320)
        #expect(harness.state.devices.selectedRow?.endpoint == "m-054320")
        // Moving after G cancels the wish: a later count does not jump.
        var other = Self.filtered("m")
        other.press(.char("G"), .char("k"))
        other.answerCount()
        #expect(other.state.devices.selected == 998)
    }

    @Test func pageDownAndJWalkPastTheFirstThousandRowsPageByPage() {
        var harness = Self.filtered("m")
        harness.answerCount()
        let visible = Layout(size: harness.state.size).tableRows
        harness.queries = []
        let presses = 1_000 / visible + 1
        for _ in 0..<presses { harness.press(.pageDown) }
        #expect(harness.state.devices.selected == presses * visible)
        #expect(harness.state.devices.selected > 999)
        #expect(harness.state.devices.selectedRow?.endpoint == String(format: "m-%06d", presses * visible))
        // One window per PgDn, each exactly the visible rows: nothing beyond is loaded.
        #expect(harness.queries.count == presses)
        #expect(harness.queries.allSatisfy { $0.limit == visible && $0.knownMatching == 54_321 })
        #expect(harness.state.devices.rows.count == visible)
        harness.queries = []
        harness.press(.char("j"))
        #expect(harness.state.devices.selectedRow?.endpoint == String(format: "m-%06d", presses * visible + 1))
        #expect(harness.queries.count == 1, "the next row is one more window")
        #expect(harness.screen().contains("row \(Self.grouped(presses * visible + 2)) of 54,321"))
    }

    @Test func unfilteredHundredThousandDevicesPageToTheEnd() {
        var harness = PagingHarness(fleet: Self.fleet)
        harness.press(.char("G"))
        #expect(harness.state.devices.selected == 99_999)
        #expect(harness.state.devices.selectedRow?.endpoint == "dev-099999")
        #expect(harness.screen().contains("row 100,000 of 100,000"))
        harness.press(.pageUp)
        let visible = Layout(size: harness.state.size).tableRows
        #expect(harness.state.devices.selectedRow?.endpoint == String(format: "dev-%06d", 99_999 - visible))
        #expect(harness.counts.isEmpty)
    }

    @Test func theSelectionStaysOnItsDeviceWhenARefreshShiftsTheRows() {
        var harness = Self.filtered("mx")
        harness.press(.char("j"), .char("j"), .char("j"))
        #expect(harness.state.devices.selectedRow?.endpoint == "mx-000003")
        harness.fleet.inserted["mx"] = [DeviceRow(id: "mx-0", endpoint: "mx-0", security: "PSK", state: .registered)]
        harness.press(.char("r"))
        #expect(harness.state.devices.selected == 4)
        #expect(harness.state.devices.selectedRow?.endpoint == "mx-000003")
        // Another filter starts at the top even when the device still matches.
        harness.press(.char("/"), .backspace)
        #expect(harness.state.devices.selected == 0)
    }

    @Test func theSelectionFollowsItsDeviceWhenARefreshMovesItOutOfTheWindow() {
        var harness = Self.filtered("m")
        harness.answerCount()
        for _ in 0..<3 { harness.press(.pageDown) }
        let visible = Layout(size: harness.state.size).tableRows
        let device = String(format: "m-%06d", 3 * visible)
        #expect(harness.state.devices.selectedRow?.endpoint == device)
        // An import puts 500 devices in front of it: the same index now holds another device.
        harness.fleet.inserted["m"] = (0..<500).map { DeviceRow(id: "m-a\($0)", endpoint: "m-a\($0)", security: "PSK", state: .registered) }
        harness.press(.char("r"))
        #expect(harness.locates == [device])
        #expect(harness.state.devices.selected == 3 * visible + 500)
        #expect(harness.state.devices.selectedRow?.endpoint == device)
        #expect(harness.screen().contains("row \(Self.grouped(3 * visible + 501)) of 54,321"), "the count is recounted, not yet known")
        harness.answerCount()
        #expect(harness.screen().contains("row \(Self.grouped(3 * visible + 501)) of 54,821"))
        // A selected device that no longer matches leaves the selection at its index.
        harness.press(.char("g"))
        for _ in 0..<10 { harness.press(.char("j")) }
        #expect(harness.state.devices.selectedRow?.endpoint == "m-a10")
        harness.fleet.inserted["m"] = nil
        harness.press(.char("r"))
        #expect(harness.locates == [device, "m-a10"])
        #expect(harness.state.devices.selected == 10)
        #expect(harness.state.devices.selectedRow?.endpoint == "m-000010")
    }

    @Test func aLocatedDeviceIsIgnoredWhenTheOperatorMovedMeanwhile() {
        var harness = Self.filtered("m")
        harness.answerCount()
        harness.press(.pageDown, .pageDown)
        let id = harness.state.devices.selectedRow?.id ?? ""
        harness.state.devices.locating = DevicesState.Locating(id: id, from: harness.state.devices.selected)
        harness.press(.char("j"))
        let moved = harness.state.devices.selected
        let query = DeviceQuery(filter: "m", sort: .endpoint, offset: 0, limit: 20)
        harness.send(.deviceLocated(id: id, in: query, index: 40_000))
        #expect(harness.state.devices.selected == moved)
        #expect(harness.state.devices.locating == nil)
    }

    @Test func aShrunkCountPullsTheSelectionBackInside() {
        var harness = Self.filtered("m")
        harness.answerCount()
        harness.press(.char("G"))
        harness.fleet.lists["m"] = 3_000
        harness.press(.char("r"))
        harness.answerCount()
        #expect(harness.state.devices.matching == 3_000)
        #expect(harness.state.devices.selected == 2_999)
        #expect(harness.state.devices.selectedRow?.endpoint == "m-002999")
    }

    /// Scenes for render snapshots of a long list.
    static let scenes: [(String, @Sendable (inout PagingHarness) -> Void)] = [
        ("paging-lower-bound", { harness in
            harness.press(.char("/"))
            harness.type("m")
            harness.press(.enter)
        }),
        ("paging-bottom", { harness in
            harness.press(.char("/"))
            harness.type("m")
            harness.press(.enter)
            harness.answerCount()
            harness.press(.char("G"))
        }),
    ]

    static var snapshotArguments: [(String, TerminalSize)] {
        scenes.flatMap { scene in SnapshotTests.sizes.map { (scene.0, $0) } }
    }

    @Test(arguments: snapshotArguments)
    func snapshot(scene: String, size: TerminalSize) throws {
        var harness = PagingHarness(fleet: Self.fleet, size: size)
        guard let steps = Self.scenes.first(where: { $0.0 == scene })?.1 else { return }
        steps(&harness)
        try Snapshot.assert(harness.screen(), named: "\(scene)-\(size.columns)x\(size.rows)")
    }

    static func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
    }
}
