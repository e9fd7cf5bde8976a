import Foundation
import Synchronization

/// Runs a Debian tool with a hard time limit and returns what it printed (stdout + stderr).
/// The process is killed when the limit passes; it never outlives the call.
///
/// Nothing here blocks a thread of the cooperative pool (which also runs the engine under test):
/// the exit is awaited through the process's termination handler, and output goes to a temp file
/// (a pipe read only after the exit would stall a child that prints more than 64 KiB).
enum ProcessRunner {
    static func run(_ executable: String, _ arguments: [String], limit: Duration = .seconds(20)) async throws -> String {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let exited = ProcessExit()
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            try? output.close()
            throw error
        }
        try? output.close()
        let pid = process.processIdentifier
        let killer = Task {
            try await Task.sleep(for: limit)
            kill(pid, SIGKILL)
        }
        await exited.wait()
        killer.cancel()
        return (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
    }

    static func available(_ executable: String) -> Bool { FileManager.default.isExecutableFile(atPath: executable) }
}

/// A one-shot "the child exited" signal, awaited without blocking a thread.
final class ProcessExit: Sendable {
    private let state = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Marks the exit and resumes every waiter.
    func signal() {
        let waiters = state.withLock { value in
            value.exited = true
            defer { value.waiters = [] }
            return value.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `signal` was called (at once if it already was).
    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { value -> Bool in
                if value.exited { return true }
                value.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
