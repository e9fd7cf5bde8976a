import Foundation
import NIOConcurrencyHelpers

/// What a finished child process left: exit status and combined output.
struct DTLSProcessResult: Sendable {
    let status: Int32
    let output: String
    /// True when the process was killed for running past its timeout.
    let timedOut: Bool
}

/// Runs Debian peers (coap-client, openssl, coap-server) for interop tests, always bounded.
enum DTLSProcess {
    /// Runs `executable` to completion or until `timeout`, whichever is first.
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(15)) async throws -> DTLSProcessResult {
        let child = try start(executable, arguments, stdin: stdin)
        return await child.finish(within: timeout, terminate: false)
    }

    /// Starts `executable` in the background; call `finish` to stop it and read its output.
    static func start(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> DTLSChildProcess {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("dtls-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: outputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        let input = Pipe()
        process.standardInput = input
        let exited = DTLSExitSignal()
        process.terminationHandler = { finished in
            // Death by signal is reported as the negative signal number.
            let killed = finished.terminationReason == .uncaughtSignal
            exited.signal(killed ? -finished.terminationStatus : finished.terminationStatus)
        }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
        }
        try? input.fileHandleForWriting.close()
        try? output.close()
        return DTLSChildProcess(pid: process.processIdentifier, outputURL: outputURL, exited: exited)
    }
}

/// A started child process: its pid, output file and exit signal.
struct DTLSChildProcess: Sendable {
    let pid: Int32
    let outputURL: URL
    let exited: DTLSExitSignal

    /// Waits for exit (SIGINT first if `terminate`; SIGKILL at `timeout`), then
    /// returns its status and output and deletes the output file.
    func finish(within timeout: Duration, terminate: Bool) async -> DTLSProcessResult {
        let pid = self.pid
        if terminate { kill(pid, SIGINT) }  // libcoap's examples quit on SIGINT
        let killer = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        let status = await exited.wait()
        killer.cancel()
        let timedOut = status == -SIGKILL
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outputURL)
        return DTLSProcessResult(status: status, output: text, timedOut: timedOut)
    }
}

/// A one-shot signal carrying an exit status, safe to use from any thread.
final class DTLSExitSignal: Sendable {
    private let state = NIOLockedValueBox<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    func signal(_ status: Int32) {
        let waiters = state.withLockedValue { value in
            value.status = status
            defer { value.waiters = [] }
            return value.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLockedValue { value -> Int32? in
                if let status = value.status { return status }
                value.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}
