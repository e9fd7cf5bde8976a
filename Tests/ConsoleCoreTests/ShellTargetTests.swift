import ConsoleCore
import Foundation
import Testing

/// The shell sends to the device the operator selected, even while that device's details are
/// still loading and the previous device's details are on screen (a slow store under load).
@Suite("Shell target while details load")
struct ShellTargetTests {
    /// Drives the reducer with a store that answers list queries at once but holds device loads
    /// until `deliverLoads` is called.
    struct SlowDetailsDriver {
        var harness = Harness()
        var heldLoads: [String] = []
        var effects: [Effect] = []

        mutating func send(_ action: Action) {
            var queue = [action]
            while !queue.isEmpty {
                let next = queue.removeFirst()
                for effect in harness.reducer.reduce(&harness.state, next, now: harness.now) {
                    switch effect {
                    case .queryDevices(let query): queue.append(.devicesLoaded(TestFleet.page(query)))
                    case .loadDevice(let id): heldLoads.append(id)
                    case .previewBootstrapPlan, .loadAlarms: break
                    default: effects.append(effect)
                    }
                }
            }
        }

        mutating func press(_ keys: Key...) { for key in keys { send(.key(key)) } }
        mutating func type(_ text: String) { for character in text { send(.key(.char(character))) } }

        mutating func deliverLoads() {
            let ids = heldLoads
            heldLoads = []
            for id in ids {
                if let row = TestFleet.rows.first(where: { $0.id == id }) { send(.deviceLoaded(TestFleet.detail(row))) }
            }
        }
    }

    @Test func aShellLineGoesToTheFilteredDeviceNotToTheDetailsStillOnScreen() {
        var driver = SlowDetailsDriver()
        // At start the first row (meter-1, d3) is selected and its details are shown.
        #expect(driver.harness.state.details.detail?.row.id == "d3")
        driver.press(.char("/"))
        driver.type("sensor")
        driver.press(.enter, .enter, .tab)
        #expect(driver.harness.state.devices.selectedRow?.id == "d5")
        // sensor-東京's details have not arrived yet: meter-1's are still the loaded ones.
        #expect(driver.harness.state.details.detail?.row.id == "d3")
        driver.type("read /3/0/0 --timeout 1")
        driver.press(.enter)
        #expect(driver.effects == [.submitShell(requestID: 1, deviceID: "d5", line: "read /3/0/0 --timeout 1", timeout: 1)])
        #expect(driver.harness.state.shell.requests.last?.endpoint == "sensor-東京")
        // The shell's title names the same device the line went to.
        #expect(driver.harness.screen().contains("Shell: sensor-東京"))
        #expect(!driver.harness.screen().contains("Shell: meter-1"))
    }

    @Test func aShellLineStillGoesToTheOpenDeviceOnceItsDetailsArrived() {
        var driver = SlowDetailsDriver()
        driver.press(.char("/"))
        driver.type("meter-2")
        driver.press(.enter, .enter)
        driver.deliverLoads()
        #expect(driver.harness.state.details.detail?.row.id == "d4")
        driver.press(.tab)
        driver.type("read /3/0/0")
        driver.press(.enter)
        #expect(driver.effects == [.submitShell(requestID: 1, deviceID: "d4", line: "read /3/0/0", timeout: 30)])
    }
}
