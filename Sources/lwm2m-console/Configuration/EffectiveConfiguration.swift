import ConsoleCore
import DeviceStore
import Foundation
import LwM2MEngine

/// The configuration in force: every setting with its value and origin (flag > environment >
/// file > default), the keymap, and the file that was read.
struct EffectiveConfiguration: Sendable {
    /// A setting's value and where it came from.
    struct Resolved: Equatable, Sendable {
        /// The value.
        var value: SettingValue
        /// Its source.
        var origin: ConfigurationOrigin
    }

    /// The file consulted, if any, and whether it existed.
    var location: ConfigurationLocation?
    /// True when `location` was read (a missing default file is not).
    var fileLoaded = false
    /// Every setting except the data directory when it is left to its XDG default.
    var settings: [ConfigurationSetting: Resolved] = [:]
    /// The keymap (the standard one unless the file remaps keys).
    var keymap: Keymap = .standard
    /// The file's `[keys]` lines (for `config show`).
    var keyRemaps: [KeyRemap] = []
    /// The process environment the data directory default is derived from.
    var environment: [String: String] = [:]

    /// Resolves the configuration from the flags given (`flags`: setting → the flag's text),
    /// the `--config` flag, and the environment; the first problem throws with its place.
    static func resolve(
        flags: [ConfigurationSetting: String], configFlag: String?, environment: [String: String]
    ) throws(ConfigurationError) -> EffectiveConfiguration {
        var configuration = EffectiveConfiguration(environment: environment)
        let location = ConfigurationLocation.resolve(flag: configFlag, environment: environment)
        configuration.location = location
        var file: ConfigurationFile?
        if let location {
            if location.isExplicit || FileManager.default.fileExists(atPath: location.path) {
                do {
                    file = try ConfigurationFile.load(path: location.path)
                } catch {
                    // Say where a file named only by the environment came from.
                    let via = if case .environment(let variable) = location.origin { " (named by \(variable))" } else { "" }
                    throw ConfigurationError(error.message + via)
                }
                configuration.fileLoaded = true
            }
        }
        if let file {
            configuration.keymap = file.keymap
            configuration.keyRemaps = file.keyRemaps
        }
        for setting in ConfigurationSetting.allCases {
            if let text = flags[setting] {
                let value = try SettingValue.parse(text, for: setting, label: setting.flag)
                configuration.settings[setting] = Resolved(value: value, origin: .flag(name: setting.flag))
            } else if let text = environment[setting.environmentVariable], !text.isEmpty {
                let value = try SettingValue.parse(text, for: setting, label: setting.environmentVariable)
                configuration.settings[setting] = Resolved(value: value, origin: .environment(variable: setting.environmentVariable))
            } else if let file, let given = file.values[setting] {
                configuration.settings[setting] = Resolved(value: given.value, origin: .file(path: file.path, line: given.line))
            } else if let value = setting.defaultValue {
                configuration.settings[setting] = Resolved(value: value, origin: .builtIn)
            }
        }
        try configuration.checkTogether()
        return configuration
    }

    /// How a message names a setting's source: the flag, the variable, the file key, or for a
    /// default "the default --flag" when another source is involved.
    func label(_ setting: ConfigurationSetting) -> String {
        switch settings[setting]?.origin {
        case .environment(let variable): variable
        case .file: setting.key
        case .flag: setting.flag
        default: anyFromElsewhere ? "the default " + setting.flag : setting.flag
        }
    }

    /// True when some setting came from the environment or the file (then a bare flag name in a
    /// message would be misleading for a default).
    private var anyFromElsewhere: Bool {
        settings.values.contains { resolved in
            switch resolved.origin {
            case .environment, .file: true
            default: false
            }
        }
    }

    /// `path:line: ` when the setting comes from the file, else nothing.
    private func place(_ setting: ConfigurationSetting) -> String {
        if case .file(let path, let line) = settings[setting]?.origin { return "\(path):\(line): " }
        return ""
    }

    /// The checks across settings that the flags always made.
    private func checkTogether() throws(ConfigurationError) {
        let ports: [ConfigurationSetting] = [.bootstrapPort, .bootstrapDtlsPort, .serverPort, .serverDtlsPort]
        for (index, setting) in ports.enumerated() where integer(setting) != 0 {
            if let other = ports[..<index].first(where: { integer($0) == integer(setting) }) {
                // Name the place of whichever of the two was set explicitly.
                let blamed = settings[setting]?.origin == .builtIn ? other : setting
                throw ConfigurationError(
                    "\(place(blamed))\(label(setting)) and \(label(other)) are both \(integer(setting)); each endpoint needs its own port")
            }
        }
        let minimum = duration(.minRequestTimeout), maximum = duration(.maxRequestTimeout)
        guard minimum > .zero else { throw ConfigurationError("\(place(.minRequestTimeout))\(label(.minRequestTimeout)) must be positive") }
        guard minimum <= maximum else {
            let blamed: ConfigurationSetting = settings[.minRequestTimeout]?.origin == .builtIn ? .maxRequestTimeout : .minRequestTimeout
            throw ConfigurationError(
                "\(place(blamed))\(label(.minRequestTimeout)) (\(EngineOptions.milliseconds(minimum))) is larger than \(label(.maxRequestTimeout)) (\(EngineOptions.milliseconds(maximum)))")
        }
        guard duration(.requestTimeout) > .zero else { throw ConfigurationError("\(place(.requestTimeout))\(label(.requestTimeout)) must be positive") }
        guard duration(.lifetime) >= .seconds(1) else { throw ConfigurationError("\(place(.lifetime))\(label(.lifetime)) must be at least 1s") }
    }

    /// A port or count setting.
    func integer(_ setting: ConfigurationSetting) -> Int {
        if case .integer(let number) = settings[setting]?.value { return number }
        if case .integer(let number) = setting.defaultValue { return number }
        return 0
    }

    /// A duration setting.
    func duration(_ setting: ConfigurationSetting) -> Duration {
        if case .duration(let duration) = settings[setting]?.value { return duration }
        if case .duration(let duration) = setting.defaultValue { return duration }
        return .zero
    }

    /// A text setting (bind address, theme, data directory when set).
    func text(_ setting: ConfigurationSetting) -> String? {
        if case .text(let text) = settings[setting]?.value { return text }
        return nil
    }

    /// True when the setting was given by a flag, the environment or the file.
    func isSet(_ setting: ConfigurationSetting) -> Bool {
        guard let origin = settings[setting]?.origin else { return false }
        return origin != .builtIn
    }

    /// The theme name.
    var theme: String { text(.theme) ?? "default" }

    /// The data directory: the setting, else `$XDG_DATA_HOME/lwm2m-console`, else
    /// `~/.local/share/lwm2m-console`.
    func dataDirectory() throws -> String {
        if let directory = text(.dataDir) { return directory }
        var environment = environment
        environment[DataDirectory.environmentVariable] = nil
        return try DataDirectory.resolve(flag: nil, environment: environment)
    }

    /// The engine configuration these settings give (one mapping for `serve`, the console and `demo`).
    func engineConfiguration() -> EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.bindAddress = text(.bind) ?? configuration.bindAddress
        configuration.bootstrapPort = integer(.bootstrapPort)
        configuration.bootstrapDTLSPort = integer(.bootstrapDtlsPort)
        configuration.serverPort = integer(.serverPort)
        configuration.serverDTLSPort = integer(.serverDtlsPort)
        configuration.requestTimeout = duration(.requestTimeout)
        configuration.minimumRequestTimeout = duration(.minRequestTimeout)
        configuration.maximumRequestTimeout = duration(.maxRequestTimeout)
        configuration.awakeTime = duration(.awakeTime)
        configuration.defaultLifetime = max(1, duration(.lifetime).components.seconds)
        configuration.grace = duration(.grace)
        configuration.queueLimit = integer(.queueLimit)
        configuration.maxConcurrentFirmwareJobs = integer(.maxFirmwareJobs)
        return configuration
    }

    /// Seconds a console shell request waits by default (the engine's request timeout).
    var defaultShellTimeout: TimeInterval {
        let (seconds, attoseconds) = duration(.requestTimeout).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
