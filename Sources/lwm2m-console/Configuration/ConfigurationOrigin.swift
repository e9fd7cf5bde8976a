/// Where a setting's value came from (precedence: flag > environment > file > default).
enum ConfigurationOrigin: Equatable, Sendable {
    /// The built-in default.
    case builtIn
    /// A line of the configuration file.
    case file(path: String, line: Int)
    /// An environment variable.
    case environment(variable: String)
    /// A command-line flag.
    case flag(name: String)

    /// How `config show` names it: `default`, `file PATH:LINE`, `env VAR`, `flag --x`.
    var display: String {
        switch self {
        case .builtIn: "default"
        case .file(let path, let line): "file \(path):\(line)"
        case .environment(let variable): "env \(variable)"
        case .flag(let name): "flag \(name)"
        }
    }
}
