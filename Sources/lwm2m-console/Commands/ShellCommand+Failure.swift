import ArgumentParser
import Foundation

extension AsyncParsableCommand {
    /// The async form of `failingWithStatus1`: a `CommandFailure` or any other error becomes
    /// "error: …" on stderr and exit 1 (for `shell` and `events`).
    func reportingFailure(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
