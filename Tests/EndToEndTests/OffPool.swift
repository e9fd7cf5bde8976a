import Foundation

/// Runs a blocking harness call (tmux polling, a child process to its end) on a thread of its
/// own and awaits it, so an async test does not hold one of the two threads of the cooperative
/// pool while it waits.
enum OffPool {
    /// Runs `body` on a new thread; returns or throws what it did.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}

extension TmuxSession {
    /// `waitFor(text:timeout:)` for async tests: the polling runs off the cooperative pool.
    @discardableResult
    func awaitText(_ text: String, timeout: TimeInterval = 10) async throws -> String {
        try await OffPool.run { try self.waitFor(text: text, timeout: timeout) }
    }

    /// `waitFor(_:timeout:escapes:_:)` for async tests: the polling runs off the cooperative pool.
    @discardableResult
    func awaitScreen(_ what: String, timeout: TimeInterval = 10, escapes: Bool = false, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await OffPool.run { try self.waitFor(what, timeout: timeout, escapes: escapes, predicate) }
    }
}

extension CLIRun {
    /// `CLIRun(executable, arguments, limit:)` for async tests: the wait runs off the cooperative pool.
    static func offPool(_ executable: String, _ arguments: [String], limit: TimeInterval = 30) async throws -> CLIRun {
        try await OffPool.run { try CLIRun(executable, arguments, limit: limit) }
    }
}
