import DeviceSimulator
import DeviceStore
import Foundation
import LwM2MEngine
import Synchronization

/// A running demo: store, embedded engine, and the simulated fleet starting in the background.
struct DemoRun: Sendable {
    /// The demo's store.
    let store: DeviceStore
    /// The embedded engine.
    let host: EngineHost
    /// The simulated devices.
    let fleet: DeviceFleet
    /// The task starting the fleet (bounded start rate).
    let starting: Task<Void, Never>

    /// The tenant holding the duplicate endpoint.
    static let secondTenant = "t-lab"

    /// Opens the store, starts the engine (standard ports, else free ones), imports the bundled
    /// devices with the bound ports (once per data directory), and starts the fleet.
    static func start(directory: String, configuration: EngineConfiguration, extra: Int) async throws -> DemoRun {
        let store = try DeviceStore(directory: directory)
        let lock = try DataDirectoryLock(dataDirectory: directory)
        let engine = try await EngineHost.startEngine(configuration: configuration, store: store)
        let status = await engine.status()
        let host = "127.0.0.1"
        let entries = DemoCSV.entries(extra: extra)
        if try store.countDevices(DeviceQuery(tenant: DeviceStore.defaultTenant)) == 0 {
            let main = (directory as NSString).appendingPathComponent("demo-devices.csv")
            let second = (directory as NSString).appendingPathComponent("demo-duplicate.csv")
            try DemoCSV.text(entries, host: host, serverPort: status.serverPort, serverDTLSPort: status.serverDTLSPort)
                .write(toFile: main, atomically: true, encoding: .utf8)
            try DemoCSV.duplicateText(host: host, serverPort: status.serverPort).write(toFile: second, atomically: true, encoding: .utf8)
            let importer = BulkImporter(store: store)
            try importer.run(file: main, options: ImportOptions(tenant: DeviceStore.defaultTenant))
            try importer.run(file: second, options: ImportOptions(tenant: secondTenant))
            try await engine.reloadKeys()
        }
        let fleet = DemoFleet.make(
            entries, host: host, ports: (bootstrap: status.bootstrapPort, bootstrapDTLS: status.bootstrapDTLSPort, server: status.serverPort))
        let starting = Task.detached { await fleet.start() }
        let logPath = (directory as NSString).appendingPathComponent("console.log")
        return DemoRun(store: store, host: EngineHost.embedding(engine, dataDirectory: directory, lock: lock, logPath: logPath), fleet: fleet, starting: starting)
    }

    /// Stops the fleet (devices de-register) and then the engine.
    func stop() async {
        starting.cancel()
        // De-registration waits for the engine's answers; give it at most 2 s so quitting stays quick.
        let done = Mutex(false)
        Task.detached { [fleet] in
            await fleet.stop()
            done.withLock { $0 = true }
        }
        for _ in 0..<40 where !done.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(50)) }
        await host.stop()
    }
}
