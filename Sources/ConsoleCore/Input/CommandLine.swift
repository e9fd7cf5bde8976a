import Foundation

/// A parsed `:` command line.
public enum ConsoleLineCommand: Sendable, Equatable {
    /// `:import PATH`
    case importFile(path: String)
    /// `:theme NAME`
    case theme(name: String)
    /// `:tenant NAME`
    case tenant(name: String)
    /// `:quit` or `:q`
    case quit
    /// `:help`
    case help
    /// Anything else: a shell command for the selected device. `:loglevel LEVEL` becomes the
    /// shell line `loglevel LEVEL`, which the engine applies to the selected device at once.
    case shell(line: String)

    /// The console's own verbs, for completion.
    public static let verbs = ["import", "theme", "tenant", "loglevel", "quit", "help"]

    /// The per-device log levels `:loglevel` accepts (SPEC §9).
    public static let logLevels = ["NONE", "LIFECYCLE", "VERBOSE"]

    /// Parses a command line without its leading `:`; returns nil when it needs an argument it lacks.
    public static func parse(_ line: String) -> Result<ConsoleLineCommand, CommandLineError> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = parts.first else { return .failure(CommandLineError(message: "Empty command")) }
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch verb {
        case "import":
            return argument.isEmpty ? .failure(CommandLineError(message: ":import needs a file path")) : .success(.importFile(path: argument))
        case "theme":
            return argument.isEmpty ? .failure(CommandLineError(message: ":theme needs a theme name")) : .success(.theme(name: argument))
        case "tenant":
            return argument.isEmpty ? .failure(CommandLineError(message: ":tenant needs a tenant name")) : .success(.tenant(name: argument))
        case "loglevel":
            guard logLevels.contains(argument.uppercased()) else {
                return .failure(CommandLineError(message: ":loglevel needs one of NONE, LIFECYCLE, VERBOSE"))
            }
            return .success(.shell(line: "loglevel " + argument.uppercased()))
        case "quit", "q":
            return .success(.quit)
        case "help":
            return .success(.help)
        default:
            return .success(.shell(line: trimmed))
        }
    }
}
