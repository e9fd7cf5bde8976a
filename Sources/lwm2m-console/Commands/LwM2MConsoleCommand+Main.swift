import ArgumentParser
import Foundation

extension LwM2MConsoleCommand {
    /// Runs the command line, mapping ArgumentParser's usage failures (EX_USAGE, 64) to the
    /// project's documented exit status 2, so scripts see 0 ok / 1 failure / 2 usage everywhere.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
