import ConsoleCore
import ConsoleTerminal
import DeviceStore
import Foundation
import LwM2MEngine

/// One run of the terminal UI over a real store and engine (used by `console` and `demo`).
struct ConsoleSession {
    /// The store the UI reads and writes.
    var store: DeviceStore
    /// The engine (embedded or attached).
    var host: EngineHost
    /// The data directory (themes are looked up in `<dir>/themes`).
    var dataDirectory: String
    /// Theme name.
    var theme: String
    /// Refuse every change.
    var readOnly: Bool
    /// Capture the mouse.
    var mouse: Bool
    /// Seconds a shell request waits when the line has no `--timeout` (the engine's default).
    var defaultTimeout: TimeInterval
    /// The key bindings (the configuration file may remap them).
    var keymap: Keymap = .standard

    /// Runs the UI until the operator quits; returns the loop's exit.
    func run() throws -> ConsoleExit {
        let environment = ProcessInfo.processInfo.environment
        let runner = StoreEngineRunner(store: store, engine: host.engine, embedded: host.embedded)
        defer { runner.stop() }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let themes = ThemeLibrary.standard(dataDirectory: URL(fileURLWithPath: dataDirectory), executable: executable)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var initial = AppState(size: .minimum, now: Date(), themeName: theme, readOnly: readOnly, keymap: keymap)
        initial.shell.defaultTimeout = defaultTimeout
        let options = ConsoleOptions(noColor: noColor, mouse: mouse, themeName: theme, environment: environment)
        return try ConsoleLoop.run(
            initial: initial, reducer: ConsoleReducer(validator: FieldRulesValidator()), runner: runner, themes: themes, options: options)
    }
}
