import ArgumentParser
import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine
import Synchronization

/// `lwm2m-console bench firmware-pull`: N simulated NO_SEC devices PULL one image from the
/// embedded engine at once (jobs capped by `--limit`); prints the time, the engine's image
/// copies and the process's resident memory before, at its peak during, and after.
struct FirmwarePullBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware-pull",
        abstract: "Memory and time of many devices PULLing one image at once.")

    @Option(help: "Simulated devices.")
    var devices = 200

    @Option(help: "Image size in bytes.")
    var size = 1024 * 1024

    @Option(help: "Firmware jobs running at once (maxConcurrentFirmwareJobs).")
    var limit = 50

    func validate() throws {
        guard devices >= 1, devices <= 2000 else { throw ValidationError("--devices must be 1…2000") }
        guard size >= 1, size <= DeviceStore.maximumFirmwareSize else { throw ValidationError("--size must be 1…\(DeviceStore.maximumFirmwareSize)") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "lwm2m-bench-fwpull-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try DeviceStore(directory: directory)
        let csv = directory + "/devices.csv"
        let rows = (0..<devices).map { "pull-\($0);NO_SEC;PULL" }.joined(separator: "\n")
        try "endpoint id;securityMode;fwUpdateDeliveryMethod\n\(rows)\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try BulkImporter(store: store).run(file: csv, options: ImportOptions()) { _ in }
        guard report.failed == 0 else { throw ValidationError("the bench devices did not import: \(report.attentionRows)") }
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131) }
        let image = SimulatedFirmwareImage.make(name: "bench", version: "pull", body: body)
        try store.addFirmware(name: "bench", version: "pull", image: image)

        var configuration = EngineConfiguration.benchLoopback
        configuration.requestTimeout = .seconds(60)
        configuration.maxConcurrentFirmwareJobs = limit
        let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        let status = await engine.status()
        let events = await engine.events()
        let timeline = FirmwareBenchTimeline()
        let listener = Task {
            for await event in events {
                if case .operation(let snapshot) = event { timeline.note(snapshot) }
            }
        }
        let server = "coap://127.0.0.1:\(status.serverPort)"
        var simulated: [SimulatedDevice] = []
        for n in 0..<devices {
            var c = SimulatedDeviceConfiguration(endpoint: "pull-\(n)", serverURI: server)
            c.bindHost = "127.0.0.1"
            c.updateInterval = .seconds(3600)
            c.firmwareUpdateDuration = .zero
            c.firmwareDelivery = .pull
            c.firmwareDownloadTimeout = .seconds(600)
            let device = SimulatedDevice(c)
            try await device.start()
            simulated.append(device)
        }
        print("\(devices) NO_SEC devices PULL one \(image.count)-byte image (512-byte Block2 blocks), at most \(limit) jobs at once; engine and devices in this process on 127.0.0.1")
        let baseline = HeapInUse.bytes()
        let peak = Mutex((resident: baseline, images: 0, running: 0))
        let sampler = Task {
            while !Task.isCancelled {
                let resident = ProcessMemory.residentBytes()
                let counts = engine.firmwareJobCounts
                peak.withLock { p in
                    p.resident = max(p.resident, resident)
                    p.images = max(p.images, counts.images)
                    p.running = max(p.running, counts.running)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let start = Date()
        var ids: [OperationID] = []
        for n in 0..<devices {
            let ref = DeviceRef(tenant: DeviceStore.defaultTenant, id: "pull-\(n)")
            let submitted = try await engine.submit(ref, text: "fwupdate bench;pull;\(server)/fw/x")
            guard let id = submitted.first?.id else { throw ValidationError("nothing was submitted for pull-\(n)") }
            ids.append(id)
        }
        var failed = 0
        for id in ids {
            guard let done = await timeline.waitFinal(id, within: 1800) else { throw ValidationError("operation \(id) did not end within 30 min") }
            if done.status != .successful { failed += 1 }
        }
        let seconds = Date().timeIntervalSince(start)
        sampler.cancel()
        let held = peak.withLock { $0 }
        let devicesHolding = simulated.filter { $0.firmwareImage != nil }.count
        let after = HeapInUse.bytes()
        let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        print(String(format: "%d of %d SUCCESSFUL in %.1f s (%.0f blocks/s served)", devices - failed, devices, seconds,
                     Double(devices * ((image.count + 511) / 512)) / seconds))
        print("engine: at most \(held.running) jobs running, \(held.images) image copy(ies) held for them")
        print("resident: \(mib(baseline)) before (engine + \(devices) registered devices), peak \(mib(held.resident)) (+\(mib(held.resident - baseline))), \(mib(after)) after malloc_trim")
        print("of which the simulated devices keep \(devicesHolding) received image(s) = \(mib(devicesHolding * image.count)) (a real fleet keeps them on the devices)")
        listener.cancel()
        for device in simulated { await device.stop() }
        await engine.stop()
    }
}
