import Foundation

/// A Debian tool run as a child process with a hard time limit; always reaped.
struct ExternalProcess {
    struct Output {
        var stdout: String
        var stderr: String
        var combined: String { stdout + stderr }
    }

    /// True when `path` exists and is executable (tests skip peers that are not installed).
    static func isInstalled(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `path` with `arguments`, killing it after `timeout` seconds; returns what it printed.
    static func run(_ path: String, _ arguments: [String], timeout: Double = 15) async throws -> Output {
        let process = try start(path, arguments)
        let deadline = Date().addingTimeInterval(timeout)
        while process.process.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.stop()
    }

    /// A started child process: stop it to collect output.
    final class Running {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        init(process: Process, stdoutURL: URL, stderrURL: URL) {
            self.process = process
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }

        /// Terminates (SIGTERM, then SIGKILL) if still running, waits, and reads the output.
        @discardableResult
        func stop() -> Output {
            if process.isRunning {
                process.terminate()
                let limit = Date().addingTimeInterval(2)
                while process.isRunning && Date() < limit { usleep(10_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
            let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            return Output(stdout: stdout, stderr: stderr)
        }

        /// What the process has written to stdout so far.
        var stdoutSoFar: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    }

    /// Starts `path` in the background with output going to temporary files.
    static func start(_ path: String, _ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let directory = FileManager.default.temporaryDirectory
        let stdoutURL = directory.appendingPathComponent("coap-test-\(UUID().uuidString).out")
        let stderrURL = directory.appendingPathComponent("coap-test-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    /// A free UDP port on 127.0.0.1 (bound and released; good enough for a test peer).
    static func freeUDPPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
