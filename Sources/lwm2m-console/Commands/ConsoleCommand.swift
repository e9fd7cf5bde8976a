import ArgumentParser
import ConsoleCore
import ConsoleTerminal
import Foundation

/// `lwm2m-console console` (the default): the terminal UI.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the terminal console (the default command)."
    )

    @Flag(name: .long, help: "Refuse every change (saves, acknowledgements, imports, deletes).")
    var readOnly = false

    @Flag(name: .long, help: "Capture the mouse (off by default so the terminal's selection works).")
    var mouse = false

    @Option(name: .long, help: "Colour theme: default, light, high-contrast, monochrome, or a file name in <data-dir>/themes.")
    var theme = "default"

    @Option(name: .long, help: "Data directory (themes are looked up in <data-dir>/themes).")
    var dataDir: String?

    @Flag(name: .long, help: .hidden)
    var fixture = false

    @Option(name: .long, help: .hidden)
    var fixtureDevices = 0

    @Option(name: .long, help: .hidden)
    var fixtureAlarmAfter: Double?

    func run() throws {
        guard fixture else {
            FileHandle.standardError.write(Data("lwm2m-console: the store-backed console is not wired in yet; run with --fixture for the built-in sample fleet.\n".utf8))
            throw ExitCode(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let now = Date()
        let fleet = fixtureDevices > 0 ? FixtureFleet.generated(count: fixtureDevices, now: now) : FixtureFleet.small(now: now)
        let runner = FixtureConsoleBackend(fleet: fleet, alarmAfter: fixtureAlarmAfter)
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let themes = ThemeLibrary.standard(dataDirectory: dataDir.map { URL(fileURLWithPath: $0) }, executable: executable)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let initial = AppState(size: .minimum, now: now, themeName: theme, readOnly: readOnly)
        let options = ConsoleOptions(noColor: noColor, mouse: mouse, themeName: theme, environment: environment)
        let exit: ConsoleExit
        do {
            exit = try ConsoleLoop.run(initial: initial, reducer: ConsoleReducer(), runner: runner, themes: themes, options: options)
        } catch {
            FileHandle.standardError.write(Data("lwm2m-console: cannot start the console: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if case .signal(let number) = exit { throw ExitCode(128 + number) }
    }
}
