import Foundation
import Synchronization

/// Runs async setup and teardown from the synchronous console command, whose thread then runs
/// the blocking UI loop. The work runs on the concurrency pool; the calling (main) thread waits.
enum BlockingWait {
    /// The result of `body`, waiting on a semaphore.
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        // The task stored a result before signalling.
        guard let result = outcome.withLock({ $0 }) else { throw CommandFailure("internal error: no result") }
        return try result.get()
    }
}
