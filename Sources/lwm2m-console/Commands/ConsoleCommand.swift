import ArgumentParser
import ConsoleCore
import ConsoleTerminal
import DeviceStore
import Foundation
import LwM2MEngine

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

    @Option(name: .long, help: "Colour theme: default, light, high-contrast, monochrome, or a file name in <data-dir>/themes (default: theme in the config file, else default).")
    var theme: String?

    @Option(name: .long, help: "Data directory (default: $LWM2M_CONSOLE_DATA_DIR, else data_dir in the config file, else $XDG_DATA_HOME/lwm2m-console, else ~/.local/share/lwm2m-console).")
    var dataDir: String?

    @OptionGroup var config: ConfigOption

    @OptionGroup(title: "Engine (when no `serve` runs for the data directory)")
    var engineOptions: EngineOptions

    @Flag(name: .long, help: .hidden)
    var fixture = false

    @Option(name: .long, help: .hidden)
    var fixtureDevices = 0

    @Option(name: .long, help: .hidden)
    var fixtureAlarmAfter: Double?

    /// The settings given as flags (theme, data directory, engine).
    private var given: [ConfigurationSetting: String] {
        var given = engineOptions.given
        if let theme { given[.theme] = theme }
        if let dataDir { given[.dataDir] = dataDir }
        return given
    }

    func run() throws {
        let settings: EffectiveConfiguration
        do {
            settings = try config.resolve(flags: given)
        } catch {
            FileHandle.standardError.write(Data("lwm2m-console: \(error)\n".utf8))
            throw ExitCode.failure
        }
        guard fixture else { return try runOnStore(settings) }
        let theme = settings.theme
        let dataDir = settings.text(.dataDir)
        let environment = ProcessInfo.processInfo.environment
        let now = Date()
        let fleet = fixtureDevices > 0 ? FixtureFleet.generated(count: fixtureDevices, now: now) : FixtureFleet.small(now: now)
        let runner = FixtureConsoleBackend(fleet: fleet, alarmAfter: fixtureAlarmAfter)
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let themes = ThemeLibrary.standard(dataDirectory: dataDir.map { URL(fileURLWithPath: $0) }, executable: executable)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let initial = AppState(size: .minimum, now: now, themeName: theme, readOnly: readOnly, keymap: settings.keymap)
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

    /// Opens the store, embeds the engine (or attaches to `serve`) and runs the UI on them.
    private func runOnStore(_ settings: EffectiveConfiguration) throws {
        let directory: String
        let store: DeviceStore
        let host: EngineHost
        do {
            directory = try settings.dataDirectory()
            store = try DeviceStore(directory: directory)
            let configuration = settings.engineConfiguration()
            host = try BlockingWait.run {
                try await EngineHost.open(
                    dataDirectory: directory, store: store, configuration: configuration,
                    logPath: (directory as NSString).appendingPathComponent("console.log"))
            }
        } catch {
            FileHandle.standardError.write(Data("lwm2m-console: \(StoreEngineRunner.message(error))\n".utf8))
            throw ExitCode.failure
        }
        let session = ConsoleSession(
            store: store, host: host, dataDirectory: directory, theme: settings.theme, readOnly: readOnly, mouse: mouse,
            defaultTimeout: settings.defaultShellTimeout, keymap: settings.keymap)
        let exit: ConsoleExit
        do {
            exit = try session.run()
        } catch {
            try? BlockingWait.run { await host.stop() }
            FileHandle.standardError.write(Data("lwm2m-console: cannot start the console: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try? BlockingWait.run { await host.stop() }
        if case .signal(let number) = exit { throw ExitCode(128 + number) }
    }
}
