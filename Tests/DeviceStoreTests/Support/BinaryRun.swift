import Foundation
import Testing

/// One run of the built `lwm2m-console` binary: exit status and what it printed.
struct BinaryRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs the built binary with `arguments`, bounded to 60 s.
    static func run(_ arguments: [String]) throws -> BinaryRun {
        let binary = KillDuringImportTests.binaryPath
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing: run `swift build` first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return BinaryRun(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
