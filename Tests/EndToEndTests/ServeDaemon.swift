import Foundation
import Glibc

/// `lwm2m-console serve` on ephemeral ports for one test: waits for its control socket and reads
/// the bound ports from its log; `stop` sends SIGTERM and, after 15 s, SIGKILL.
final class ServeDaemon {
    /// The four bound ports.
    struct Ports {
        var bootstrap = 0, bootstrapDTLS = 0, server = 0, serverDTLS = 0
    }

    let process = Process()
    let ports: Ports
    let logPath: String

    init(binary: String, directory: String) throws {
        logPath = directory + "/serve.log"
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--data-dir", directory, "--bind", "127.0.0.1", "--bootstrap-port", "0",
                             "--bootstrap-dtls-port", "0", "--server-port", "0", "--server-dtls-port", "0", "--log-file", logPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(20))
        var found: Ports?
        while found == nil, Date() < deadline, process.isRunning {
            found = Self.ports(in: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
            if found == nil { usleep(50_000) }
        }
        guard let found, FileManager.default.fileExists(atPath: directory + "/control.sock") else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw HarnessError("serve did not start; log:\n\((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        ports = found
    }

    var isRunning: Bool { process.isRunning }

    /// The ports of `serving DIR: bootstrap A/B, server C/D, …`.
    static func ports(in log: String) -> Ports? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("serving ") && $0.contains(", server ") }) else { return nil }
        func pair(after marker: String) -> (Int, Int)? {
            guard let range = line.range(of: marker) else { return nil }
            let numbers = line[range.upperBound...].prefix { $0.isNumber || $0 == "/" }.split(separator: "/").compactMap { Int($0) }
            return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
        }
        guard let bootstrap = pair(after: ": bootstrap "), let server = pair(after: ", server ") else { return nil }
        return Ports(bootstrap: bootstrap.0, bootstrapDTLS: bootstrap.1, server: server.0, serverDTLS: server.1)
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(15))
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A finished command: exit status and its output (stdout and stderr kept apart, and together).
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
    var output: String { stdout + stderr }

    /// Runs `executable` to its end, killed after `limit` seconds; output goes through temp files
    /// (no pipe to fill up).
    init(_ executable: String, _ arguments: [String], limit: TimeInterval = 30) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(LoadFactor.stretch(limit))
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? out.close()
        try? err.close()
        status = process.terminationStatus
        stdout = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    }
}

/// A long-running child (e.g. `simulate`) with its output in a log file; `stop` kills it.
final class BackgroundProcess {
    let process = Process()

    init(_ executable: String, _ arguments: [String], log: String) throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A Unix socket that accepts connections and never answers: a wedged engine for timeout tests.
final class SilentUnixListener {
    private let descriptor: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw HarnessError("cannot listen on \(path): errno \(errno)") }
    }

    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
