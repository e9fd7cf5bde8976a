import ConsoleCore
import Foundation

/// A configuration file, read and checked: top-level settings and the `[keys]` sections.
///
/// ```toml
/// server_port = 5783
/// request_timeout = "30s"
/// [keys]
/// quit = "ctrl-q"
/// filter = ["/", "f"]
/// [keys.devices]
/// sort = "S"
/// ```
struct ConfigurationFile: Sendable {
    /// The path as given (messages start with it).
    let path: String
    /// The settings the file gives, with their lines.
    var values: [ConfigurationSetting: (value: SettingValue, line: Int)] = [:]
    /// The `[keys]` lines, in file order.
    var keyRemaps: [KeyRemap] = []
    /// The standard keymap with the file's remaps applied.
    var keymap: Keymap = .standard

    /// Reads and checks the file at `path`.
    static func load(path: String) throws(ConfigurationError) -> ConfigurationFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file (is it UTF-8 text?)" : "no such file"
            throw ConfigurationError("\(path): \(reason)")
        }
        return try parse(text, path: path)
    }

    /// Checks `text` as the contents of `path`; the first problem throws as `path:line: reason`.
    static func parse(_ text: String, path: String) throws(ConfigurationError) -> ConfigurationFile {
        let lines: [TOMLLine]
        do {
            lines = try TOMLReader.lines(text, file: path)
        } catch {
            throw ConfigurationError(error.description)
        }
        var file = ConfigurationFile(path: path)
        var section: (name: String, context: String?)?
        var seenSections: [String: Int] = [:]
        for line in lines {
            switch line {
            case .section(let name, let number):
                if let first = seenSections[name] {
                    throw ConfigurationError("\(path):\(number): [\(name)] is given twice (first on line \(first))")
                }
                seenSections[name] = number
                if name == "keys" {
                    section = (name, nil)
                } else if name.hasPrefix("keys.") {
                    let context = String(name.dropFirst(5))
                    guard KeyContext(configName: context) != nil else {
                        throw ConfigurationError(
                            "\(path):\(number): unknown key context [\(name)] (contexts: \(KeyContext.allCases.map(\.configName).joined(separator: ", ")))")
                    }
                    section = (name, context)
                } else {
                    throw ConfigurationError(
                        "\(path):\(number): unknown section [\(name)] (settings go at the top of the file; sections: [keys], [keys.CONTEXT])")
                }
            case .entry(let key, let value, let number):
                if let section {
                    file.keyRemaps.append(KeyRemap(command: key, context: section.context, keys: try keyNames(value, key: key, path: path, line: number), line: number))
                } else {
                    try file.set(key: key, value: value, line: number)
                }
            }
        }
        do {
            file.keymap = try Keymap.standard.remapped(file.keyRemaps)
        } catch {
            throw ConfigurationError("\(path):\(error.line): \(error.reason)")
        }
        return file
    }

    private mutating func set(key: String, value: TOMLValue, line: Int) throws(ConfigurationError) {
        guard let setting = ConfigurationSetting(key: key) else {
            throw ConfigurationError(
                "\(path):\(line): unknown setting \"\(key)\" (settings: \(ConfigurationSetting.allCases.map(\.key).joined(separator: ", ")))")
        }
        if let first = values[setting] {
            throw ConfigurationError("\(path):\(line): \(key) is given twice (first on line \(first.line))")
        }
        do {
            var parsed = try SettingValue.parse(value, for: setting, label: key)
            if setting.kind == .path, case .text(let text) = parsed { parsed = .text(anchored(text)) }
            values[setting] = (parsed, line)
        } catch {
            throw ConfigurationError("\(path):\(line): \(error.message)")
        }
    }

    /// A path from the file: `~/…` is under HOME, and a relative path is relative to the file's
    /// own directory (so the file means the same from any working directory).
    private func anchored(_ text: String) -> String {
        if text == "~" || text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent(String(text.dropFirst(min(2, text.count))))
        }
        if text.hasPrefix("/") { return text }
        let directory = (path as NSString).deletingLastPathComponent
        let base = directory.isEmpty ? FileManager.default.currentDirectoryPath : directory
        return ((base as NSString).appendingPathComponent(text) as NSString).standardizingPath
    }

    private static func keyNames(_ value: TOMLValue, key: String, path: String, line: Int) throws(ConfigurationError) -> [String] {
        switch value {
        case .string(let name): return [name]
        case .array(let elements):
            var names: [String] = []
            for element in elements {
                guard case .string(let name) = element else {
                    throw ConfigurationError("\(path):\(line): keys for \(key) must be key names in quotes, like [\"/\", \"f\"]")
                }
                names.append(name)
            }
            return names
        default:
            throw ConfigurationError("\(path):\(line): keys for \(key) must be a key name like \"ctrl-q\" or an array like [\"/\", \"f\"], not \(value.kind)")
        }
    }
}
