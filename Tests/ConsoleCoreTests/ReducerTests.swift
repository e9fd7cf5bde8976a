import ConsoleCore
import Foundation
import Testing

@Suite("Reducer: keys to state and effects")
struct ReducerTests {
    @Test func startAsksForTheFirstWindowAndAlarms() {
        var state = AppState(size: TerminalSize(columns: 80, rows: 24), now: TestFleet.epoch)
        let effects = reduce(&state, .start, now: TestFleet.epoch)
        let rows = Layout(size: state.size).tableRows
        #expect(effects == [.queryDevices(DeviceQuery(filter: "", sort: .endpoint, offset: 0, limit: rows)), .loadAlarms])
    }

    @Test func firstPageSelectsAndLoadsTheFirstDevice() {
        let harness = Harness()
        #expect(harness.state.devices.matching == 6)
        #expect(harness.state.devices.selectedRow?.endpoint == "meter-1")
        #expect(harness.state.details.detail?.row.endpoint == "meter-1")
    }

    @Test func movingPastTheWindowAsksForTheNextWindowOnly() {
        var state = AppState(size: TerminalSize(columns: 80, rows: 24), now: TestFleet.epoch)
        let rows = Layout(size: state.size).tableRows
        let fleet = (0..<100).map { DeviceRow(id: "d\($0)", endpoint: String(format: "dev-%03d", $0), security: "PSK", state: .registered) }
        _ = reduce(&state, .start, now: TestFleet.epoch)
        let first = DeviceQuery(filter: "", sort: .endpoint, offset: 0, limit: rows)
        _ = reduce(&state, .devicesLoaded(TestFleet.page(first, rows: fleet)), now: TestFleet.epoch)
        #expect(state.devices.rows.count == rows)
        #expect(state.devices.matching == 100)
        var effects: [Effect] = []
        for _ in 0..<rows { effects += reduce(&state, .key(.char("j")), now: TestFleet.epoch) }
        #expect(state.devices.selected == rows)
        #expect(effects.contains(.queryDevices(DeviceQuery(filter: "", sort: .endpoint, offset: 1, limit: rows, knownMatching: 100))))
        // An answer to an older query is ignored.
        _ = reduce(&state, .devicesLoaded(TestFleet.page(first, rows: fleet)), now: TestFleet.epoch)
        #expect(state.devices.offset == 0 || state.devices.pendingQuery != nil)
        let bottom = reduce(&state, .key(.char("G")), now: TestFleet.epoch)
        #expect(state.devices.selected == 99)
        #expect(bottom.contains(.queryDevices(DeviceQuery(filter: "", sort: .endpoint, offset: 100 - rows, limit: rows, knownMatching: 100))))
    }

    @Test func slashFiltersLiveAndEscapeClears() {
        var harness = Harness()
        harness.press(.char("/"))
        #expect(harness.state.mode == .filtering)
        harness.type("met")
        #expect(harness.state.devices.filter.text == "met")
        #expect(harness.state.devices.matching == 2)
        #expect(harness.state.devices.rows.map(\.endpoint) == ["meter-1", "meter-2"])
        harness.press(.enter)
        #expect(harness.state.mode == .normal)
        harness.press(.char("n"))
        #expect(harness.state.devices.selectedRow?.endpoint == "meter-2")
        harness.press(.char("n"))
        #expect(harness.state.devices.selectedRow?.endpoint == "meter-1", "n wraps to the first match")
        harness.press(.char("/"), .escape)
        #expect(harness.state.devices.filter.text.isEmpty)
        #expect(harness.state.devices.matching == 6)
    }

    @Test func sortKeyCyclesColumnsAndRequeries() {
        var harness = Harness()
        var state = harness.state
        let effects = reduce(&state, .key(.char("s")), now: harness.now)
        #expect(state.devices.sort == .security)
        #expect(effects.first == .queryDevices(DeviceQuery(filter: "", sort: .security, offset: 0, limit: Layout(size: state.size).tableRows)))
        harness.press(.char("s"), .char("s"), .char("s"), .char("s"))
        #expect(harness.state.devices.sort == .endpoint)
    }

    @Test func tabCyclesPanesAndEnterOpensDetails() {
        var harness = Harness()
        harness.press(.tab)
        #expect(harness.state.focus == .details)
        harness.press(.tab, .tab, .tab)
        #expect(harness.state.focus == .devices)
        harness.press(.backTab)
        #expect(harness.state.focus == .alarms)
        harness.press(.escape, .char("j"), .enter)
        #expect(harness.state.focus == .details)
        #expect(harness.state.details.detail?.row.endpoint == "meter-2")
        harness.press(.char("l"), .char("l"))
        #expect(harness.state.details.tab == .bootstrap)
    }

    @Test func shellRequestShowsSpinnerElapsedTimeThenTimeoutAndLateAnswer() {
        var harness = Harness()
        harness.press(.tab, .tab)
        #expect(harness.state.focus == .shell)
        harness.type("read /3/0/0 --timeout 5")
        harness.press(.enter)
        let effects = harness.takeEffects()
        #expect(effects == [.submitShell(requestID: 1, deviceID: "d3", line: "read /3/0/0 --timeout 5", timeout: 5)])
        harness.send(.shellUpdate(requestID: 1, .executing))
        harness.advance(1.2)
        #expect(harness.screen().contains("> read /3/0/0 --timeout 5   EXECUTING ⠹ 1.2 s"))
        harness.advance(0.1)
        #expect(harness.screen().contains("EXECUTING ⠸ 1.3 s"), "the spinner turns with time")
        harness.advance(3.7)
        #expect(harness.state.shell.requests[0].phase == .timedOut(at: harness.now))
        #expect(harness.screen().contains("TIMEOUT after 5 s"))
        harness.send(.shellUpdate(requestID: 1, .completed(ShellResult(code: "2.05 Content", isSuccess: true, lines: ["/3/0/0 Manufacturer = \"Acme\""], milliseconds: 5200))))
        let screen = harness.screen(TerminalSize(columns: 120, rows: 40))
        #expect(screen.contains("2.05 Content  5200 ms  LATE (after timeout)"))
        #expect(screen.contains("/3/0/0 Manufacturer = \"Acme\""))
    }

    @Test func timedOutRequestBackInPendingIsShownSo() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("execute /3/0/4")
        harness.press(.enter)
        harness.send(.shellUpdate(requestID: 1, .timedOut))
        harness.send(.shellUpdate(requestID: 1, .pending(reason: "queued")))
        harness.advance(2)
        #expect(harness.screen(TerminalSize(columns: 120, rows: 40)).contains("TIMEOUT after 30 s · back in PENDING"))
        #expect(harness.state.shell.outstanding.count == 1)
    }

    @Test func badTimeoutIsRefusedWithAFlash() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("read /3/0/0 --timeout soon")
        harness.press(.enter)
        #expect(harness.takeEffects().isEmpty)
        #expect(harness.state.flash?.isError == true)
        #expect(harness.state.flash?.text.contains("--timeout") == true)
    }

    @Test func shellHistoryRecallsLinesWithUpAndDown() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("read /3/0/0")
        harness.press(.enter)
        harness.type("read /3/0/1")
        harness.press(.enter)
        harness.press(.up)
        #expect(harness.state.shell.input.text == "read /3/0/1")
        harness.press(.up)
        #expect(harness.state.shell.input.text == "read /3/0/0")
        harness.press(.down, .down)
        #expect(harness.state.shell.input.text.isEmpty)
    }

    @Test func newAlarmKeepsFocusAndSelection() {
        var harness = Harness()
        harness.press(.backTab)
        #expect(harness.state.focus == .alarms)
        harness.press(.char("j"))
        let selected = harness.state.alarms.rows[harness.state.alarms.selected].id
        harness.send(.alarmRaised(AlarmRow(id: "a9", severity: .critical, device: "meter-7", text: "unavailable", raisedAt: harness.now)))
        #expect(harness.state.focus == .alarms)
        #expect(harness.state.alarms.rows[harness.state.alarms.selected].id == selected)
        #expect(harness.state.alarms.rows.first?.id == "a9", "critical sorts first")
        #expect(harness.screen().contains("▲1 CRITICAL"))
    }

    @Test func acknowledgeAndClearSendEffectsButReadOnlyRefuses() {
        var harness = Harness()
        harness.press(.backTab, .char("a"), .char("c"))
        #expect(harness.takeEffects() == [.acknowledgeAlarm(id: "a2"), .clearAlarm(id: "a2")])
        var readOnly = Harness(readOnly: true)
        readOnly.press(.backTab, .char("a"))
        #expect(readOnly.takeEffects().isEmpty)
        #expect(readOnly.state.flash?.text == "Read-only mode: changes are disabled")
        #expect(readOnly.screen().contains("[read-only]"))
    }

    @Test func quitWithPendingOperationsAsksWithCancelFocused() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("read /3/0/0")
        harness.press(.enter, .escape, .char("q"))
        guard case .confirm(let dialog) = harness.state.mode else {
            Issue.record("expected a confirmation, got \(harness.state.mode)")
            return
        }
        #expect(!dialog.confirmFocused)
        #expect(harness.screen().contains("[ Cancel ]"))
        _ = harness.takeEffects()
        harness.press(.enter)
        #expect(harness.takeEffects().isEmpty, "Enter on the focused Cancel does not quit")
        harness.press(.char("q"), .char("y"))
        #expect(harness.takeEffects() == [.quit])
    }

    @Test func quitWithoutPendingWorkQuitsAtOnce() {
        var harness = Harness()
        harness.press(.char("q"))
        #expect(harness.takeEffects() == [.quit])
    }

    @Test func deleteDeviceNeedsConfirmation() {
        var harness = Harness()
        harness.press(.char("D"))
        #expect(harness.takeEffects().isEmpty)
        harness.press(.tab, .enter)
        #expect(harness.takeEffects() == [.deleteDevice(id: "d3")])
    }

    @Test func commandLineRunsConsoleCommandsAndShellLines() {
        var harness = Harness()
        harness.press(.char(":"))
        harness.type("theme light")
        harness.press(.enter)
        #expect(harness.takeEffects() == [.switchTheme(name: "light")])
        harness.press(.char(":"))
        harness.type("read /3/0/0")
        harness.press(.enter)
        #expect(harness.takeEffects() == [.submitShell(requestID: 1, deviceID: "d3", line: "read /3/0/0", timeout: 30)])
        harness.press(.char(":"))
        harness.type("theme")
        harness.press(.enter)
        #expect(harness.state.flash?.text == ":theme needs a theme name")
        harness.press(.char(":"))
        harness.type("th")
        harness.press(.tab)
        #expect(harness.state.commandLine.text == "theme ")
        harness.type("hi")
        harness.press(.tab)
        #expect(harness.state.commandLine.text == "theme high-contrast")
    }

    @Test func shellCompletionGoesThroughTheHook() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("re")
        harness.press(.tab)
        #expect(harness.takeEffects() == [.complete(.shell(deviceID: "d3"), text: "re")])
        harness.send(.completions(.shell(deviceID: "d3"), text: "re", candidates: ["read "]))
        #expect(harness.state.shell.input.text == "read ")
        harness.type("/3/0/")
        harness.send(.completions(.shell(deviceID: "d3"), text: "read /3/0/", candidates: ["read /3/0/0", "read /3/0/4"]))
        #expect(harness.state.shell.input.text == "read /3/0/")
        #expect(harness.state.completions == ["read /3/0/0", "read /3/0/4"])
        harness.send(.completions(.shell(deviceID: "d3"), text: "stale", candidates: ["stale-x"]))
        #expect(harness.state.shell.input.text == "read /3/0/", "answers for text no longer there are dropped")
    }

    @Test func helpOverlayIsGeneratedFromTheKeymap() {
        var harness = Harness()
        harness.press(.char("?"))
        #expect(harness.state.mode == .help)
        let screen = harness.screen()
        for binding in Keymap.standard.bindings.prefix(10) {
            #expect(screen.contains(binding.help), "help lists \(binding.help)")
        }
        harness.press(.escape)
        #expect(harness.state.mode == .normal)
    }

    @Test func flashMessagesExpireWithTime() {
        var harness = Harness()
        harness.send(.failed("store unavailable"))
        #expect(harness.screen().contains("store unavailable"))
        harness.advance(3)
        #expect(harness.state.flash != nil)
        harness.advance(1.5)
        #expect(harness.state.flash == nil)
    }
}
