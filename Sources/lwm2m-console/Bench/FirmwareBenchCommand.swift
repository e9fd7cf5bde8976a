import ArgumentParser
import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine

/// `lwm2m-console bench firmware`: pushes an image (default 256 KiB) to one simulated device
/// over NO_SEC and one over DTLS through the embedded engine (`fwupdate`, PUSH, 512-byte Block1
/// blocks) and prints blocks per second of the PUSH phase and the whole job's time.
struct FirmwareBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware",
        abstract: "Time a firmware PUSH (Block1, 512-byte blocks) to one NO_SEC and one DTLS device.")

    @Option(help: "Image size in bytes.")
    var size = 256 * 1024

    @Option(help: "Updates per device (the figures are per run).")
    var runs = 3

    func validate() throws {
        guard size >= 1, size <= DeviceStore.maximumFirmwareSize else { throw ValidationError("--size must be 1…\(DeviceStore.maximumFirmwareSize)") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "lwm2m-bench-firmware-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try DeviceStore(directory: directory)
        let csv = directory + "/devices.csv"
        let key = "00112233445566778899aabbccddeeff"
        try """
            endpoint id;securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;fwUpdateDeliveryMethod
            fw-nosec;NO_SEC;;;;;PUSH
            fw-psk;PSK;fw-psk;\(key);fw-psk-bs;\(key);PUSH

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try BulkImporter(store: store).run(file: csv, options: ImportOptions()) { _ in }
        guard report.failed == 0 else { throw ValidationError("the bench devices did not import: \(report.attentionRows)") }

        var configuration = EngineConfiguration.benchLoopback
        configuration.requestTimeout = .seconds(30)
        let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        let status = await engine.status()
        let events = await engine.events()
        let timeline = FirmwareBenchTimeline()
        let listener = Task {
            for await event in events {
                if case .operation(let snapshot) = event { timeline.note(snapshot) }
            }
        }

        let devices = [
            ("NO_SEC", "fw-nosec", "coap://127.0.0.1:\(status.serverPort)", nil as [UInt8]?),
            ("DTLS", "fw-psk", "coaps://127.0.0.1:\(status.serverDTLSPort)", HexBytes.decode(key)),
        ]
        print("image \(size) bytes + header, PUSH in 512-byte blocks, \(runs) run(s) per device; engine and devices in this process on 127.0.0.1")
        for (label, endpoint, server, pskKey) in devices {
            var c = SimulatedDeviceConfiguration(endpoint: endpoint, serverURI: server, pskIdentity: pskKey == nil ? nil : endpoint, pskKey: pskKey)
            c.bindHost = "127.0.0.1"
            c.updateInterval = .seconds(3600)
            c.firmwareUpdateDuration = .zero
            let device = SimulatedDevice(c)
            try await device.start()
            let ref = DeviceRef(tenant: DeviceStore.defaultTenant, id: endpoint)
            for run in 1...runs {
                let version = "bench-\(run)"
                let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ run) }
                let image = SimulatedFirmwareImage.make(name: "bench", version: version, body: body)
                try store.addFirmware(name: "bench", version: version + "-" + endpoint, image: image)
                let submitted = try await engine.submit(ref, text: "fwupdate bench;\(version)-\(endpoint);\(server)/fw/bench/\(version)-\(endpoint)")
                guard let id = submitted.first?.id else { throw ValidationError("nothing was submitted") }
                let start = Date()
                guard let done = await timeline.waitFinal(id, within: 300) else { throw ValidationError("\(label) run \(run) did not end within 300 s") }
                let total = (timeline.finishedAt(id) ?? Date()).timeIntervalSince(start)
                guard done.status == .successful else { throw ValidationError("\(label) run \(run) failed: \(done.failureReason ?? "")") }
                let blocks = (image.count + 511) / 512
                let push = timeline.pushSeconds(id)
                print(String(format: "%@ run %d: %d blocks pushed in %.3f s = %.0f blocks/s (%.1f KiB/s); whole job (reset, read, observe, PUSH, execute, result, read /3/0/3) %.3f s; device reports %@",
                             label, run, blocks, push, Double(blocks) / push, Double(image.count) / 1024 / push, total,
                             device.objects.value(LwM2MPath(object: 3, instance: 0, resource: 3)).map { "\($0)" } ?? "?"))
            }
            await device.stop()
        }
        listener.cancel()
        await engine.stop()
    }
}
