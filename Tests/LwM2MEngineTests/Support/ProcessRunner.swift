import Foundation

/// Runs a Debian tool with a hard time limit and returns what it printed (stdout + stderr).
/// The process is killed when the limit passes; it never outlives the call.
enum ProcessRunner {
    static func run(_ executable: String, _ arguments: [String], limit: Duration = .seconds(20)) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let end = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }

    static func available(_ executable: String) -> Bool { FileManager.default.isExecutableFile(atPath: executable) }
}
