import ConsoleCore
import Foundation
import Glibc

/// A setting's parsed value.
enum SettingValue: Equatable, Sendable {
    /// A path, name or address.
    case text(String)
    /// A port or count.
    case integer(Int)
    /// A time.
    case duration(Duration)

    /// How `config show` writes it: durations in whole seconds when they are, else ms.
    var display: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .duration(let duration):
            let (seconds, attoseconds) = duration.components
            return attoseconds == 0 ? "\(seconds)s" : EngineOptions.milliseconds(duration)
        }
    }

    /// Parses `text` (a flag's or an environment variable's value) for `setting`; `label` names
    /// the source in the message (`--server-port`, `LWM2M_CONSOLE_SERVER_PORT`, `server_port`),
    /// so every source gets the flags' wording.
    static func parse(_ text: String, for setting: ConfigurationSetting, label: String) throws(ConfigurationError) -> SettingValue {
        switch setting.kind {
        case .path, .name:
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw ConfigurationError("\(label) is empty") }
            return .text(text)
        case .address:
            guard isIPAddress(text) else { throw ConfigurationError("\(label) \(text) is not an IPv4 or IPv6 address") }
            return .text(text)
        case .port:
            guard let port = Int(text.trimmingCharacters(in: .whitespaces)), (0...65_535).contains(port) else {
                throw ConfigurationError("\(label) \(text) is not a port (0…65535)")
            }
            return .integer(port)
        case .count:
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_000_000).contains(count) else {
                throw ConfigurationError("\(label) \(text) is not \(setting.countName) (1…1000000)")
            }
            return .integer(count)
        case .duration(let unit):
            do {
                return .duration(try EngineOptions.duration(text, bareUnit: unit, flag: label))
            } catch {
                throw ConfigurationError(String(describing: error))
            }
        }
    }

    /// Parses a configuration file value: strings for paths, names, addresses and durations;
    /// integers for ports, counts and durations in their bare unit.
    static func parse(_ value: TOMLValue, for setting: ConfigurationSetting, label: String) throws(ConfigurationError) -> SettingValue {
        switch (setting.kind, value) {
        case (.path, .string(let text)), (.name, .string(let text)), (.address, .string(let text)), (.duration, .string(let text)):
            return try parse(text, for: setting, label: label)
        case (.port, .integer(let number)), (.count, .integer(let number)), (.duration, .integer(let number)):
            return try parse(String(number), for: setting, label: label)
        case (.port, _), (.count, _):
            throw ConfigurationError("\(label) must be an integer, not \(value.kind)")
        case (.duration, _):
            throw ConfigurationError("\(label) must be a duration like \"5s\" or an integer, not \(value.kind)")
        default:
            throw ConfigurationError("\(label) must be a string, not \(value.kind)")
        }
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
