import ArgumentParser
import DeviceStore
import Foundation
import LwM2MEngine

/// `lwm2m-console bench reload-keys --devices N`: how long a running engine takes to re-read its
/// PSK keys after an import, in-process and through the control socket as the CLI asks it (so the
/// CLI's 10 s bound on the reload can be judged against real figures).
struct ReloadKeysBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload-keys",
        abstract: "Time reloadKeys over N imported PSK devices: in-process, and connect + reload through the control socket.")

    @Option(help: ArgumentHelp("Number of PSK devices in the store.", valueName: "n"))
    var devices: Int = 100_000

    @Option(help: ArgumentHelp("Reloads timed per way.", valueName: "n"))
    var repeats: Int = 5

    func validate() throws {
        guard devices > 0, repeats > 0 else { throw ValidationError("--devices and --repeats must be positive") }
    }

    func run() async throws {
        // A short path: the control socket's path must fit sun_path (103 bytes).
        let directory = "/tmp/rk-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/devices.csv"
        try SampleFileWriter.writePSKFile(rows: devices, to: file)
        let store = try DeviceStore(directory: directory)
        let report = try BulkImporter(store: store).run(file: file)
        guard report.created == devices else { throw CommandFailure("the import created \(report.created) of \(devices) devices") }

        let configuration = EngineConfiguration.benchLoopback
        let clock = ContinuousClock()
        let startedAt = clock.now
        let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        let startTime = clock.now - startedAt
        let server = try await ControlServer.start(dataDirectory: directory, engine: engine)

        var direct: [Duration] = []
        for _ in 0..<repeats {
            let began = clock.now
            try await engine.reloadKeys()
            direct.append(clock.now - began)
        }
        var socket: [Duration] = []
        for _ in 0..<repeats {
            // What `import` does: connect, reload, close.
            let began = clock.now
            guard let client = try await ControlClient.connectIfRunning(dataDirectory: directory) else {
                throw CommandFailure("the control socket did not answer")
            }
            try await client.reloadKeys()
            socket.append(clock.now - began)
            await client.close()
        }
        await server.stop()
        await engine.stop()

        print("bench reload-keys: \(devices) PSK devices (lwm2m + bootstrap identities), \(repeats) reloads per way")
        print("  engine start (loads the same tables)  \(Self.milliseconds(startTime))")
        print("  reloadKeys in-process                  \(Self.summary(direct))")
        print("  connect + reloadKeys over control.sock \(Self.summary(socket))")
    }

    private static func summary(_ times: [Duration]) -> String {
        let sorted = times.sorted()
        return "median \(milliseconds(sorted[sorted.count / 2])), min \(milliseconds(sorted[0])), max \(milliseconds(sorted[sorted.count - 1]))"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.0f ms", ms)
    }
}
