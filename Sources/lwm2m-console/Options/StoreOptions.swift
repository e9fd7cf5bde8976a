import ArgumentParser
import DeviceStore
import Foundation

/// `--data-dir DIR`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory (default: $LWM2M_CONSOLE_DATA_DIR, else $XDG_DATA_HOME/lwm2m-console, else ~/.local/share/lwm2m-console).",
            valueName: "dir"))
    var dataDir: String?

    /// The resolved data directory.
    func resolvedDirectory() throws -> String {
        try DataDirectory.resolve(flag: dataDir, environment: ProcessInfo.processInfo.environment)
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
