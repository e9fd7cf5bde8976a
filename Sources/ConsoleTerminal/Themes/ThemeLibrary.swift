public import ConsoleCore
public import Foundation

/// Finds themes by name: `<dir>/<name>.toml` in the search directories, then the embedded ones.
public struct ThemeLibrary: Sendable {
    /// Directories searched in order.
    public var directories: [URL]

    /// Creates a library over `directories`.
    public init(directories: [URL]) {
        self.directories = directories
    }

    /// The search path for a data dir: `<data>/themes`, then the package's `Themes/` near the executable.
    public static func standard(dataDirectory: URL?, executable: URL) -> ThemeLibrary {
        var directories: [URL] = []
        if let dataDirectory { directories.append(dataDirectory.appendingPathComponent("themes")) }
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("Themes")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.toml").path) {
                directories.append(candidate)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        return ThemeLibrary(directories: directories)
    }

    /// A resolver reading files first, then the embedded themes.
    public var resolver: ThemeResolver {
        let directories = directories
        return ThemeResolver { name in
            for directory in directories {
                let file = directory.appendingPathComponent("\(name).toml")
                if let text = try? String(contentsOf: file, encoding: .utf8) { return (text, file.path) }
            }
            return BuiltInThemes.texts[name].map { ($0, "\(name).toml (built in)") }
        }
    }

    /// Names of every theme found, shipped ones first.
    public var names: [String] {
        var names = BuiltInThemes.names
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// Loads `name`; on any error returns the built-in default theme together with the error.
    public func load(_ name: String) -> (theme: Theme, error: ThemeError?) {
        do {
            return (try resolver.theme(named: name), nil)
        } catch {
            return (Self.fallback, error)
        }
    }

    /// Checks one theme file (its parents come from the library); nil when valid.
    public func check(file: URL) -> ThemeError? {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            return ThemeError(file: file.path, line: 0, reason: "cannot read the file")
        }
        do {
            let document = try ThemeParser.parse(text, file: file.path)
            _ = try resolver.theme(from: document, fallbackName: file.deletingPathExtension().lastPathComponent)
            return nil
        } catch {
            return error
        }
    }

    /// The built-in default theme (always valid; a test checks it).
    public static var fallback: Theme {
        (try? ThemeResolver.builtIn.theme(named: "default")) ?? Theme(name: "default", styles: [:])
    }
}
