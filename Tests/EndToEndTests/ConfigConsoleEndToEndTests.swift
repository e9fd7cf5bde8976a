import Foundation
import Testing

/// The console honours a configuration file's key remapping (real binary, `--fixture` fleet, tmux).
@Suite("config: remapped keys in the console (tmux)", .serialized)
struct ConfigConsoleEndToEndTests {
    @Test func remappedQuitAndFilterKeysWork() throws {
        let scratch = try ConfigCommandTests.Scratch()
        let file = try scratch.write("keys.toml", """
            # quit with Ctrl-Q only (Ctrl-C stays), filter with f as well as /
            [keys]
            quit = "ctrl-q"
            filter = ["/", "f"]
            """)
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            command: "\(TmuxSession.quote(binary)) --fixture --config \(TmuxSession.quote(file)); echo \"EXIT=$?\"; echo END",
            environment: ["HOME": scratch.path])
        defer { session.close() }
        let first = try session.waitFor(text: "psk_device")
        let footer = first.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map(String.init) ?? ""
        #expect(footer.contains("? help  Ctrl-Q quit"), "the 80-column footer keeps help and quit: \(footer)")

        try session.send("f")
        try session.type("nosec")
        let filtered = try session.waitFor(text: "Devices /nosec 2")
        #expect(filtered.contains("nosec_device"))
        try session.send("Escape")
        try session.waitFor(text: "Devices 12")

        // q is no longer quit: the console is still there to open the help, which lists the new keys.
        try session.send("q", "?")
        let help = try session.waitFor(text: "Ctrl-Q, Ctrl-C")
        #expect(help.contains("/, f"), "the help shows both filter keys")
        #expect(!help.contains("EXIT="))
        try session.send("Escape")
        try session.waitFor(text: "Devices 12")

        try session.send("C-q")
        let after = try session.waitFor(text: "END")
        #expect(after.contains("EXIT=0"))
    }

    @Test func theRealConsoleTakesDataDirEnginePortsAndKeysFromTheFile() throws {
        let scratch = try ConfigCommandTests.Scratch()
        let file = try scratch.write("console.toml", """
            data_dir = "data"
            bind = "127.0.0.1"
            bootstrap_port = 0
            bootstrap_dtls_port = 0
            server_port = 0
            server_dtls_port = 0
            [keys]
            quit = "ctrl-q"
            """)
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: 120, rows: 40,
            command: "\(TmuxSession.quote(binary)) --config \(TmuxSession.quote(file)); echo \"EXIT=$?\"; echo END",
            environment: ["HOME": scratch.path])
        defer { session.close() }
        let screen = try session.waitFor(text: "●engine up", timeout: 20)
        #expect(!screen.contains("5783"), "ephemeral ports from the file, not the standard ones: \(screen)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/data/console.log"), "the store and log live in the file's data_dir")
        try session.send("q", "?")
        try session.waitFor(text: "Ctrl-Q, Ctrl-C")
        try session.send("Escape", "C-q")
        let after = try session.waitFor(text: "END", timeout: 15)
        #expect(after.contains("EXIT=0"))
    }

    @Test func aBadKeyInTheFileStopsTheConsoleWithFileAndLine() throws {
        let scratch = try ConfigCommandTests.Scratch()
        let file = try scratch.write("bad.toml", "[keys]\nfilter = \"q\"\n")
        let binary = try TmuxSession.binary()
        let session = try TmuxSession(
            columns: 200, rows: 24,
            command: "\(TmuxSession.quote(binary)) --fixture --config \(TmuxSession.quote(file)); echo \"EXIT=$?\"; echo END",
            environment: ["HOME": scratch.path])
        defer { session.close() }
        let screen = try session.waitFor(text: "END")
        #expect(screen.contains("bad.toml:2: key q is bound twice in Everywhere: filter and quit"))
        #expect(screen.contains("EXIT=1"))
    }
}
