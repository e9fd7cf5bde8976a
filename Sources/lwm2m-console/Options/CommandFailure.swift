import ArgumentParser
import Foundation

/// A command that ran but failed: prints `error: <message>` on stderr and exits with status 1
/// (usage errors are ArgumentParser's and exit differently).
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`; a `CommandFailure` or any other error becomes "error: …" on stderr and exit 1.
    func failingWithStatus1(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
