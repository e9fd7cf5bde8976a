import ArgumentParser
import DeviceStore
import Foundation

/// `--data-dir DIR` and `--config FILE`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @OptionGroup var config: ConfigOption

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory (default: $LWM2M_CONSOLE_DATA_DIR, else data_dir in the config file, else $XDG_DATA_HOME/lwm2m-console, else ~/.local/share/lwm2m-console).",
            valueName: "dir"))
    var dataDir: String?

    /// The settings given as flags here (only the data directory).
    var given: [ConfigurationSetting: String] {
        dataDir.map { [.dataDir: $0] } ?? [:]
    }

    /// The resolved data directory: flag, environment, config file, XDG default.
    func resolvedDirectory() throws -> String {
        let configuration = try config.resolve(flags: given)
        do {
            return try configuration.dataDirectory()
        } catch {
            throw CommandFailure(String(describing: error))
        }
    }

    /// Opens the store, printing a clear error and exiting 1 when that fails.
    func openStore() throws -> DeviceStore {
        do {
            return try DeviceStore(directory: try resolvedDirectory())
        } catch {
            throw CommandFailure(String(describing: error))
        }
    }
}
