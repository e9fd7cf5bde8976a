import Testing
@testable import ConsoleCore

/// `:loglevel LEVEL` in command mode becomes the engine's `loglevel` shell line.
@Suite("Console: :loglevel")
struct LogLevelCommandTests {
    @Test("a level in any case becomes `loglevel LEVEL`; a missing or unknown one is refused")
    func parse() {
        #expect(ConsoleLineCommand.parse("loglevel verbose") == .success(.shell(line: "loglevel VERBOSE")))
        #expect(ConsoleLineCommand.parse("loglevel NONE") == .success(.shell(line: "loglevel NONE")))
        #expect(ConsoleLineCommand.parse("loglevel") == .failure(CommandLineError(message: ":loglevel needs one of NONE, LIFECYCLE, VERBOSE")))
        #expect(ConsoleLineCommand.parse("loglevel loud") == .failure(CommandLineError(message: ":loglevel needs one of NONE, LIFECYCLE, VERBOSE")))
        #expect(ConsoleLineCommand.verbs.contains("loglevel"))
    }
}
