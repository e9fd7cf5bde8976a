import ConsoleCore
import Foundation
import Testing

/// A fwupdate's progress (the operation snapshot's `progress`) shows on its shell line while it executes.
@Suite("Shell: firmware update progress")
struct FirmwareProgressTests {
    @Test func progressAppearsWhileExecutingAndGoesWithTheResult() {
        var harness = Harness()
        harness.press(.tab, .tab)
        harness.type("fwupdate acme;2.0;coap://127.0.0.1:5783/fw/acme/2.0 --timeout 5")
        harness.press(.enter)
        _ = harness.takeEffects()
        harness.send(.shellUpdate(requestID: 1, .executing))
        harness.send(.shellUpdate(requestID: 1, .progress("PUSH block 12/48 (25%)")))
        harness.advance(0.5)
        let screen = harness.screen(TerminalSize(columns: 140, rows: 40))
        #expect(screen.contains("EXECUTING · PUSH block 12/48 (25%)"), "\(screen)")
        // Longer than the line's 5 s timeout: the engine's per-step timeouts decide, not the pane.
        harness.advance(6)
        harness.send(.shellUpdate(requestID: 1, .progress("downloaded, updating")))
        #expect(harness.screen(TerminalSize(columns: 140, rows: 40)).contains("EXECUTING · downloaded, updating"))
        #expect(harness.state.shell.requests[0].timedOut == false)
        harness.send(.shellUpdate(requestID: 1, .completed(ShellResult(code: "", isSuccess: true, lines: ["/3/0/3 Firmware Version = \"2.0\""], milliseconds: 0))))
        let done = harness.screen(TerminalSize(columns: 140, rows: 40))
        #expect(!done.contains("downloaded, updating"))
        #expect(done.contains("/3/0/3 Firmware Version = \"2.0\""))
    }
}
