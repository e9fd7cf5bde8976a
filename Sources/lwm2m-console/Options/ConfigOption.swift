import ArgumentParser
import Foundation

/// `--config FILE`: the configuration file (else `$LWM2M_CONSOLE_CONFIG`, else the XDG one).
struct ConfigOption: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "Configuration file (default: $LWM2M_CONSOLE_CONFIG, else $XDG_CONFIG_HOME/lwm2m-console/config.toml, else ~/.config/lwm2m-console/config.toml).",
            valueName: "file"))
    var path: String?

    /// The configuration for these flags and this process's environment; a bad file, variable or
    /// flag becomes a `CommandFailure` with the place and the reason.
    func resolve(flags: [ConfigurationSetting: String] = [:]) throws -> EffectiveConfiguration {
        do {
            return try EffectiveConfiguration.resolve(flags: flags, configFlag: path, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
