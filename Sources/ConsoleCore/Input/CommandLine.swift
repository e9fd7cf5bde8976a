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
    /// Anything else: a shell command for the selected device.
    case shell(line: String)

    /// The console's own verbs, for completion.
    public static let verbs = ["import", "theme", "tenant", "quit", "help"]

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
        case "quit", "q":
            return .success(.quit)
        case "help":
            return .success(.help)
        default:
            return .success(.shell(line: trimmed))
        }
    }
}

/// Why a command line was refused.
public struct CommandLineError: Error, Sendable, Equatable {
    /// Message for the operator.
    public var message: String
}

/// Input history for a line editor (shell and command line), newest last.
public struct LineHistory: Sendable, Equatable {
    /// Lines entered, oldest first.
    public private(set) var entries: [String] = []
    private var position: Int?
    /// Maximum lines kept.
    public let capacity: Int

    /// Creates an empty history.
    public init(capacity: Int = 200) {
        self.capacity = capacity
    }

    /// Records a submitted line (skips blanks and immediate repeats).
    public mutating func record(_ line: String) {
        position = nil
        guard !line.isEmpty, entries.last != line else { return }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// The previous (older) entry, for the Up key.
    public mutating func older() -> String? {
        guard !entries.isEmpty else { return nil }
        let next = max(0, (position ?? entries.count) - 1)
        position = next
        return entries[next]
    }

    /// The next (newer) entry, or "" past the newest, for the Down key.
    public mutating func newer() -> String? {
        guard let current = position else { return nil }
        if current + 1 >= entries.count {
            position = nil
            return ""
        }
        position = current + 1
        return entries[current + 1]
    }
}
