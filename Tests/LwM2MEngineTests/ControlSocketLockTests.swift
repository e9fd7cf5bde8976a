import Foundation
import Testing
@testable import LwM2MEngine

/// One engine per data directory: the `engine.lock` flock, in-process and across processes
/// (with `flock(1)` from util-linux as the other process).
@Suite("Data directory lock", .timeLimit(.minutes(1)))
struct ControlSocketLockTests {
    static let flockTool = "/usr/bin/flock"

    @Test("a second holder is refused with the holder's PID; the lock is free again once released")
    func secondHolderRefusedInProcess() async throws {
        let directory = try ControlSocketTempDirectory()
        var first: DataDirectoryLock? = try DataDirectoryLock(dataDirectory: directory.path)
        #expect(first != nil)
        let lockFile = try String(contentsOfFile: directory.path + "/engine.lock", encoding: .utf8)
        #expect(lockFile == "\(getpid())\n")
        do {
            _ = try DataDirectoryLock(dataDirectory: directory.path)
            Issue.record("a second lock was granted")
        } catch {
            #expect(error.message.contains("another engine is already running for \(directory.path)"))
            #expect(error.message.contains("PID \(getpid())"))
        }
        first = nil
        _ = try await Self.acquire(directory.path)
    }

    /// Takes the lock, retrying for up to `controlSocketPatience`: a child process that another test is spawning at
    /// that moment briefly shares our descriptors until its exec closes them (O_CLOEXEC), and a
    /// flock lives as long as any descriptor of the open file does.
    static func acquire(_ directory: String) async throws -> DataDirectoryLock {
        try await withControlSocketTimeout {
            while true {
                if let lock = try? DataDirectoryLock(dataDirectory: directory) { return lock }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    @Test("another process holding engine.lock is named; our lock keeps another process out; kill -9 frees it",
          .enabled(if: FileManager.default.isExecutableFile(atPath: flockTool)))
    func crossProcess() async throws {
        let directory = try ControlSocketTempDirectory()
        let lockPath = directory.path + "/engine.lock"

        // We hold it: flock(1) -n in a child fails (exit 1).
        do {
            let lock = try DataDirectoryLock(dataDirectory: directory.path)
            let refused = try await Self.run(Self.flockTool, ["-n", lockPath, "true"])
            #expect(refused == 1)
            _ = lock
        }
        #expect(try await Self.run(Self.flockTool, ["-n", lockPath, "true"]) == 0)

        // A child holds it and writes its PID as the engine does: we are refused, naming it.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: Self.flockTool)
        child.arguments = ["-n", lockPath, "sh", "-c", "echo $$ > \(lockPath); exec sleep 30"]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        var holder: Int32 = 0
        defer {
            if holder > 0 { kill(holder, SIGKILL) }
            if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        }
        // Wait (bounded) until the child has the lock and has written its PID.
        holder = try await withControlSocketTimeout {
            while true {
                let text = (try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? ""
                if let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(throws: ControlSocketError.self) { try DataDirectoryLock(dataDirectory: directory.path) }
        do {
            _ = try DataDirectoryLock(dataDirectory: directory.path)
        } catch {
            #expect(error.message.contains("PID \(holder)"))
        }

        // The holder crashes: the kernel drops the lock.
        kill(holder, SIGKILL)
        try await withControlSocketTimeout {
            while child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        }
        holder = 0
        let lock = try await Self.acquire(directory.path)
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(getpid())\n")
        _ = lock
    }

    /// Runs a short child process (bounded to 10 s) and returns its exit status.
    static func run(_ path: String, _ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try await withControlSocketTimeout {
            while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        }
        return process.terminationStatus
    }
}
