import ArgumentParser
import DeviceStore
import Foundation
import LwM2MEngine

/// `lwm2m-console bench reads`: the embedded engine with simulated devices (run by a child
/// `lwm2m-console simulate`, so this process holds only the engine): engine memory per
/// registered PSK device with its DTLS session, then `read /3/0/0` operations kept in flight
/// through `engine.submit` against registered NO_SEC devices: throughput and round trips.
struct EngineReadBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reads",
        abstract: "Concurrent `read /3/0/0` operations through the engine to simulated devices; memory per PSK device.")

    @Option(help: "NO_SEC devices registered for the read phase.")
    var devices = 1_000

    @Option(help: "Operations kept in flight (each on its own devices, one at a time per device).")
    var concurrency = 100

    @Option(help: "Length of the read phase in seconds.")
    var seconds = 10.0

    @Option(name: .customLong("psk-devices"), help: "PSK devices registered over DTLS for the memory figure (0 skips it).")
    var pskDevices = 2_000

    @Option(name: .customLong("start-rate"), help: "Simulated device starts per second.")
    var startRate = 500.0

    @Flag(name: .customLong("psk-only"), help: "Measure the PSK memory only (no NO_SEC devices, no read phase).")
    var pskOnly = false

    @Option(name: .customLong("settle"), help: "Seconds to wait after the last PSK registration before measuring (write-behind, registrations snapshot).")
    var settle = 7.0

    func validate() throws {
        guard devices >= 1, concurrency >= 1, devices >= concurrency else {
            throw ValidationError("--devices must be at least --concurrency (each operation in flight needs its own device)")
        }
        guard seconds > 0, startRate > 0, pskDevices >= 0, settle >= 0 else {
            throw ValidationError("--seconds, --start-rate must be > 0; --psk-devices, --settle ≥ 0")
        }
        guard !pskOnly || pskDevices > 0 else { throw ValidationError("--psk-only needs --psk-devices > 0") }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "lwm2m-bench-reads-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try DeviceStore(directory: directory)
        let nosecCSV = directory + "/nosec.csv", pskCSV = directory + "/psk.csv"
        try EngineReadBenchDevices.csv(count: devices, psk: false).write(toFile: nosecCSV, atomically: true, encoding: .utf8)
        try EngineReadBenchDevices.csv(count: pskDevices, psk: true).write(toFile: pskCSV, atomically: true, encoding: .utf8)
        for file in [nosecCSV, pskCSV] {
            let report = try BulkImporter(store: store).run(file: file, options: ImportOptions()) { _ in }
            guard report.failed == 0 else { throw ValidationError("\(file): \(report.failed) rows failed to import") }
        }

        var configuration = EngineConfiguration.benchLoopback
        configuration.requestTimeout = .seconds(30)
        configuration.eventBufferSize = 1 << 16
        let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        let status = await engine.status()
        let server = "coap://127.0.0.1:\(status.serverPort)", serverDTLS = "coaps://127.0.0.1:\(status.serverDTLSPort)"
        print("engine on \(server) and \(serverDTLS); \(devices) NO_SEC + \(pskDevices) PSK devices imported")

        if pskDevices > 0 {
            try await measurePSKMemory(engine: engine, csv: pskCSV, server: server, serverDTLS: serverDTLS, directory: directory)
        }
        if pskOnly {
            await engine.stop()
            return
        }

        let simulator = try EngineReadBenchSimulator(
            csv: nosecCSV, server: server, serverDTLS: serverDTLS, rate: startRate, log: directory + "/simulate-nosec.log")
        let registered = await Self.waitForRegistered(engine, count: devices, within: 300)
        print("NO_SEC: \(registered) of \(devices) registered")
        guard registered == devices else {
            await simulator.stop()
            await engine.stop()
            throw ValidationError("only \(registered) of \(devices) devices registered; see the simulator's output")
        }
        let result = try await EngineReadLoad(engine: engine, devices: devices, concurrency: concurrency, seconds: seconds).run()
        print(result.summary)
        await simulator.stop()
        await engine.stop()
    }

    /// Memory per PSK device, first, on a fresh engine (freed memory of an earlier phase would
    /// hide growth): heap in use and RSS after `malloc_trim`, before the simulator starts and
    /// once every device registered and the write-behind settled.
    private func measurePSKMemory(engine: LwM2MEngine, csv: String, server: String, serverDTLS: String, directory: String) async throws {
        try await Task.sleep(for: .seconds(1)) // the engine's start-up (directory load, first flush) settles
        let before = EngineReadBenchMemory.now()
        let simulator = try EngineReadBenchSimulator(
            csv: csv, server: server, serverDTLS: serverDTLS, rate: startRate, log: directory + "/simulate-psk.log")
        let started = DispatchTime.now().uptimeNanoseconds
        let registered = await Self.waitForRegistered(engine, count: pskDevices, within: 300)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let registeredAt = EngineReadBenchMemory.now()
        // Write-behind batches every 200 ms, the registrations snapshot every 5 s: wait both out
        // so their buffers are freed and only what the engine keeps per device is counted.
        try await Task.sleep(for: .seconds(settle))
        let after = EngineReadBenchMemory.now()
        print(String(format: "PSK: %d of %d registered over DTLS in %.1f s", registered, pskDevices, elapsed))
        print("PSK memory at the last registration: " + registeredAt.perDevice(since: before, count: registered))
        print(String(format: "PSK memory %.0f s later (settled; registration + DTLS session + CoAP peer per device): ", settle)
              + after.perDevice(since: before, count: registered))
        await simulator.stop()
        _ = await Self.waitForRegistered(engine, count: 0, within: 60)
    }

    /// Polls the engine until `count` devices are registered (or the bound passes); returns the count seen.
    static func waitForRegistered(_ engine: LwM2MEngine, count: Int, within limit: Double) async -> Int {
        let end = Date().addingTimeInterval(limit)
        var registered = await engine.status().registeredDevices
        while registered != count, Date() < end {
            try? await Task.sleep(for: .milliseconds(100))
            registered = await engine.status().registeredDevices
        }
        return registered
    }
}

/// The bench's device rows (the device ID is the endpoint): `bench-N` (NO_SEC) or `benchpsk-N`
/// with LwM2M identity `benchpsk-N` (bootstrap identity `benchbs-N`).
enum EngineReadBenchDevices {
    static func csv(count: Int, psk: Bool) -> String {
        var text = "endpoint id;securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key\n"
        text.reserveCapacity(count * 120)
        for index in 0..<count {
            let key = String(format: "%032x", index)
            text += psk ? "benchpsk-\(index);PSK;benchpsk-\(index);\(key);benchbs-\(index);\(key)\n" : "bench-\(index);NO_SEC;;;;\n"
        }
        return text
    }
}
