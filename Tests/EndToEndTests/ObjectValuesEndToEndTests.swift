import Foundation
import Testing

/// The Objects tab's last values through the real binary: `demo` in tmux (real store, embedded
/// engine, simulated fleet); a read in the shell shows up on the open device's Objects tab.
@Suite("Objects tab last values end to end (tmux, demo)", .serialized)
struct ObjectValuesEndToEndTests {
    @Test func aReadInTheShellShowsItsValueAndAgeOnTheObjectsTab() throws {
        let directory = try DemoEndToEndTests.DataDirectory()
        defer { directory.remove() }
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) demo --data-dir \(TmuxSession.quote(directory.path)) \(DemoEndToEndTests.freePorts)",
            environment: [:])
        defer { session.close() }
        try session.waitFor(text: "10 online", timeout: 20)
        try session.send("/")
        try session.type("meter-001")
        try session.waitFor(text: "Devices /meter-001 1")
        try session.send("Enter", "Enter")
        try session.waitFor(text: "┏ meter-001")
        try session.send("l", "l", "l")
        try session.waitFor(text: "[Objects]")
        let before = try session.waitFor(text: "/1/0/1 Lifetime")
        #expect(!before.contains("/1/0/1 Lifetime ="), "no value known before the read")
        try session.send("Tab")
        try session.type("read /1/0/1")
        try session.send("Enter")
        let shown = try session.waitFor("the read value on the Objects tab", timeout: 15) { screen in
            screen.range(of: #"/1/0/1 Lifetime = \d+ s  \d+ s ago"#, options: .regularExpression) != nil
        }
        #expect(shown.contains("2.05 Content"), "the shell shows the read's answer too")
    }
}
