import ArgumentParser
import ConsoleCore
import ConsoleTerminal
import Foundation

/// `lwm2m-console themes …`: list and check colour themes.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List or check colour themes.",
        subcommands: [ThemesCheckCommand.self, ThemesListCommand.self]
    )
}

/// `lwm2m-console themes check FILE`: validate one theme file.
struct ThemesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a theme file; prints file:line: reason and exits 1 when it is refused."
    )

    @Argument(help: "The theme file (.toml).")
    var file: String

    @Option(name: .long, help: "Data directory whose themes/ folder holds parent themes.")
    var dataDir: String?

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        var library = ThemeLibrary.standard(dataDirectory: dataDir.map { URL(fileURLWithPath: $0) }, executable: executable)
        let url = URL(fileURLWithPath: file)
        library.directories.insert(url.deletingLastPathComponent(), at: 0)
        if let error = library.check(file: url) {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        print("\(file): ok")
    }
}

/// `lwm2m-console themes list`: the themes the console can switch to.
struct ThemesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the available themes.")

    @Option(name: .long, help: "Data directory whose themes/ folder is searched first.")
    var dataDir: String?

    func run() {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let library = ThemeLibrary.standard(dataDirectory: dataDir.map { URL(fileURLWithPath: $0) }, executable: executable)
        for name in library.names { print(name) }
    }
}
