import ConsoleCore
import Foundation
import Testing

@Suite("Reducer: the open device's details follow its registration")
struct DetailRefreshTests {
    @Test func aStateChangeOfTheOpenDeviceReloadsItsDetailsOnce() throws {
        var harness = Harness()
        let open = try #require(harness.state.details.detail?.row)
        let reducer = ConsoleReducer()
        var changed = open
        changed.state = open.state == .registered ? .offline : .registered
        #expect(reducer.reduce(&harness.state, .deviceUpdated(changed), now: harness.now) == [.loadDevice(id: open.id)])
        #expect(harness.state.details.detail?.row.state == changed.state)
        // The same state again (a later Update) only refreshes the row.
        changed.lastSeen = harness.now
        #expect(reducer.reduce(&harness.state, .deviceUpdated(changed), now: harness.now) == [])
    }

    @Test func anotherDevicesChangeLeavesTheDetailsAlone() throws {
        var harness = Harness()
        let open = try #require(harness.state.details.detail?.row)
        var other = try #require(TestFleet.rows.first { $0.id != open.id })
        other.state = other.state == .registered ? .offline : .registered
        let reducer = ConsoleReducer()
        #expect(reducer.reduce(&harness.state, .deviceUpdated(other), now: harness.now) == [])
        #expect(harness.state.details.detail?.row == open)
    }
}
