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

    @Test func eventsOfTheOpenDeviceArriveLiveNewestFirstAndBounded() throws {
        var harness = Harness()
        let open = try #require(harness.state.details.detail?.row)
        let other = try #require(TestFleet.rows.first { $0.id != open.id })
        let reducer = ConsoleReducer()
        let before = harness.state.details.detail?.events ?? []
        let event = EventRow(time: harness.now, kind: "CoAP", text: "sent CON GET MID 1 token 01 Uri-Path=3/0/0")
        #expect(reducer.reduce(&harness.state, .deviceEvent(deviceID: open.id, event), now: harness.now) == [])
        #expect(harness.state.details.detail?.events == [event] + before)
        // Another device's event is not shown here.
        _ = reducer.reduce(&harness.state, .deviceEvent(deviceID: other.id, EventRow(time: harness.now, kind: "CoAP", text: "x")), now: harness.now)
        #expect(harness.state.details.detail?.events.first == event)
        for index in 0..<(DeviceDetail.liveEventLimit + 10) {
            _ = reducer.reduce(&harness.state, .deviceEvent(deviceID: open.id, EventRow(time: harness.now, kind: "CoAP", text: "\(index)")), now: harness.now)
        }
        #expect(harness.state.details.detail?.events.count == DeviceDetail.liveEventLimit)
        #expect(harness.state.details.detail?.events.first?.text == "\(DeviceDetail.liveEventLimit + 9)")
    }

    @Test func aReloadFromTheStoreKeepsLiveEventsTheStoreHasNotCaughtUpWith() {
        let t = TestFleet.epoch
        let stored = [EventRow(time: t, kind: "Operation", text: "operation 1 'read /3/0/0': SUCCESSFUL")]
        let live = [
            EventRow(time: t.addingTimeInterval(0.6), kind: "CoAP", text: "received ACK 2.05 Content MID 2"),
            EventRow(time: t.addingTimeInterval(0.5), kind: "CoAP", text: "sent CON GET MID 2"),
            // The live copy of the stored event, stamped a little later by the console.
            EventRow(time: t.addingTimeInterval(0.004), kind: "Operation", text: "operation 1 'read /3/0/0': SUCCESSFUL"),
            EventRow(time: t.addingTimeInterval(-60), kind: "Registration", text: "old, and long since stored"),
        ]
        #expect(EventRow.merging(live: live, stored: stored, limit: 200) == Array(live.prefix(2)) + stored)
        #expect(EventRow.merging(live: live, stored: [], limit: 3) == Array(live.prefix(3)))
    }

    @Test func operationsOfTheOpenDeviceChangeTheirRowLive() throws {
        var harness = Harness()
        let open = try #require(harness.state.details.detail?.row)
        let reducer = ConsoleReducer()
        let before = harness.state.details.detail?.operations ?? []
        var row = OperationRow(submittedAt: harness.now, request: "read /3/0/0", state: "PENDING", result: "", id: "7")
        _ = reducer.reduce(&harness.state, .operationChanged(deviceID: open.id, row), now: harness.now)
        #expect(harness.state.details.detail?.operations == [row] + before)
        row.state = "SUCCESSFUL"
        row.result = "2.05 Content"
        _ = reducer.reduce(&harness.state, .operationChanged(deviceID: open.id, row), now: harness.now)
        #expect(harness.state.details.detail?.operations == [row] + before, "the same operation's row is replaced, not added")
    }
}
