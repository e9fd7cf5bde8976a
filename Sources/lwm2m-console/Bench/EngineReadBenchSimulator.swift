import Foundation

/// A child `lwm2m-console simulate` running the bench's devices, so their sockets, DTLS
/// clients and object trees do not count in the engine's memory.
final class EngineReadBenchSimulator: Sendable {
    private let process: Process

    /// Starts the simulator on `csv`'s devices (registering directly on loopback).
    init(csv: String, server: String, serverDTLS: String, rate: Double, log: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "simulate", "--from-csv", csv, "--server", server, "--server-dtls", serverDTLS,
            "--rate", String(rate), "--bind", "127.0.0.1", "--lifetime", "86400",
        ]
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = output
        try process.run()
        self.process = process
    }

    /// SIGTERM (the devices de-register), then SIGKILL if it has not ended within 20 s.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let end = Date().addingTimeInterval(20)
        while process.isRunning, Date() < end { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
