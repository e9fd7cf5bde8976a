import Foundation
import LwM2MEngine
import Synchronization

/// After `import`, `credentials delete` or `devices delete` changed the store: asks the engine
/// serving the data directory (a `serve` daemon, or a console embedding the engine) to re-read its
/// PSK keys and devices, so the change is served without a restart.
enum RunningEngineKeyReload {
    /// What happened.
    enum Outcome: Sendable, Equatable {
        /// No engine serves the data directory; the next one to start reads the store anyway.
        case noEngine
        /// The running engine re-read its keys.
        case reloaded
        /// There is an engine but the reload did not happen, with the reason.
        case failed(String)
    }

    /// How long to wait for the engine before saying it did not answer.
    static let patience: Duration = .seconds(10)

    /// Asks the engine for `dataDirectory`, blocking the calling (synchronous) command.
    static func run(dataDirectory: String) -> Outcome {
        (try? BlockingWait.run { await ask(dataDirectory: dataDirectory) }) ?? .failed("internal error: no answer")
    }

    /// Asks the engine for `dataDirectory`, bounded by `patience`: a wedged engine must not hang
    /// the command (the attempt is left behind; the process ends soon after).
    static func ask(dataDirectory: String) async -> Outcome {
        let answer = FirstAnswer()
        return await withCheckedContinuation { continuation in
            answer.wait(continuation)
            Task.detached { answer.give(await attempt(dataDirectory: dataDirectory)) }
            Task.detached {
                try? await Task.sleep(for: patience)
                answer.give(.failed("the engine did not answer within \(patience.components.seconds) s"))
            }
        }
    }

    /// Connects and asks, unbounded.
    private static func attempt(dataDirectory: String) async -> Outcome {
        let client: ControlClient?
        do {
            client = try await ControlClient.connectIfRunning(dataDirectory: dataDirectory)
        } catch {
            return .failed(error.message)
        }
        guard let client else { return .noEngine }
        let outcome: Outcome
        do {
            try await client.reloadKeys()
            outcome = .reloaded
        } catch {
            outcome = .failed(error.message)
        }
        await client.close()
        return outcome
    }

    /// Resumes a continuation with the first outcome given; later ones are dropped.
    private final class FirstAnswer: Sendable {
        private let continuation = Mutex<CheckedContinuation<Outcome, Never>?>(nil)

        func wait(_ waiting: CheckedContinuation<Outcome, Never>) {
            continuation.withLock { $0 = waiting }
        }

        func give(_ outcome: Outcome) {
            let waiting = continuation.withLock { current in
                defer { current = nil }
                return current
            }
            waiting?.resume(returning: outcome)
        }
    }

    /// Says what happened: a reload on stdout (unless `quiet`, for `--json`), a failure on stderr
    /// as a warning (the store change itself stands, so the command still succeeds).
    static func report(_ outcome: Outcome, dataDirectory: String, quiet: Bool = false) {
        switch outcome {
        case .noEngine:
            break
        case .reloaded:
            if !quiet { print("The running engine reloaded its keys: the change is served now.") }
        case .failed(let reason):
            FileHandle.standardError.write(Data((
                "warning: the store was changed, but the engine running for \(dataDirectory) could not reload its keys: \(reason); "
                    + "it serves the change after a restart\n").utf8))
        }
    }

    /// The word for `--json` output: `reloaded`, `no engine` or `failed: <reason>`.
    static func jsonValue(_ outcome: Outcome) -> String {
        switch outcome {
        case .noEngine: "no engine"
        case .reloaded: "reloaded"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
