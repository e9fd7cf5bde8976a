import ArgumentParser
import ConsoleCore
import Foundation

/// `lwm2m-console config check|show`: validate a configuration file, print the one in force.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration file or show the configuration in force.",
        discussion: "Precedence: flag > environment (LWM2M_CONSOLE_<KEY>) > file > default. See docs/configuration.md.",
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self])
}

/// `config check [FILE]`: exit 0 with "FILE: ok", or 1 with `file:line: reason`.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (default: the one the console would read).")

    @Argument(help: ArgumentHelp("The file to check.", valueName: "file"))
    var file: String?

    func run() throws {
        try failingWithStatus1 {
            let environment = ProcessInfo.processInfo.environment
            guard let location = ConfigurationLocation.resolve(flag: file, environment: environment) else {
                throw CommandFailure("no configuration file to check: name one, or set \(ConfigurationLocation.environmentVariable) or HOME")
            }
            guard location.isExplicit || FileManager.default.fileExists(atPath: location.path) else {
                print("\(location.path): no such file (the built-in defaults apply)")
                return
            }
            // The file alone against the defaults: the environment must not hide its mistakes.
            let settings: EffectiveConfiguration
            do throws(ConfigurationError) {
                settings = try EffectiveConfiguration.resolve(flags: [:], configFlag: location.path, environment: [:])
            } catch {
                throw CommandFailure(error.message)
            }
            let remapped = settings.keyRemaps.count
            print("\(location.path): ok (\(settings.settings.values.filter { $0.origin != .builtIn }.count) settings, \(remapped) key bindings)")
        }
    }
}

/// `config show`: every setting with its value and where it came from, then the remapped keys.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective configuration and where each value came from (default, file, env, flag).")

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Colour theme.", valueName: "name"))
    var theme: String?

    @OptionGroup(title: "Engine")
    var engineOptions: EngineOptions

    func run() throws {
        try failingWithStatus1 {
            var given = store.given.merging(engineOptions.given) { $1 }
            if let theme { given[.theme] = theme }
            let settings = try store.config.resolve(flags: given)
            print(Self.text(settings))
        }
    }

    /// The listing: a file line, one line per setting, then the key bindings the file changed.
    static func text(_ settings: EffectiveConfiguration) -> String {
        var lines: [String] = []
        switch (settings.location, settings.fileLoaded) {
        case (nil, _): lines.append("config file: none (no HOME)")
        case (let location?, true): lines.append("config file: \(location.path)")
        case (let location?, false): lines.append("config file: \(location.path) (not present: defaults apply)")
        }
        let width = ConfigurationSetting.allCases.map(\.key.count).max() ?? 0
        for setting in ConfigurationSetting.allCases {
            let value: String
            let origin: String
            if let resolved = settings.settings[setting] {
                value = resolved.value.display
                origin = resolved.origin.display
            } else {
                value = (try? settings.dataDirectory()) ?? "(none: HOME is not set)"
                origin = "default"
            }
            let name = setting.key.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(name)  \(value.padding(toLength: max(value.count, 24), withPad: " ", startingAt: 0))  \(origin)")
        }
        if !settings.keyRemaps.isEmpty {
            lines.append("")
            lines.append("keys (changed by the file):")
            for remap in settings.keyRemaps {
                let command = KeyCommand(configName: remap.command)
                let context = remap.context.flatMap { KeyContext(configName: $0) }
                    ?? settings.keymap.bindings.first(where: { $0.command == command })?.context ?? .global
                let keys = settings.keymap.bindings.first(where: { $0.command == command && $0.context == context })?.keys ?? []
                let label = keys.isEmpty ? "(unbound)" : keys.map(\.label).joined(separator: ", ")
                lines.append("  \(context.configName).\(remap.command) = \(label)  line \(remap.line)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
