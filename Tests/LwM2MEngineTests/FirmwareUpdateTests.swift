import CoAP
import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Synchronization
import Testing
@testable import LwM2MEngine

/// `fwupdate` end to end (SPEC §8) over real sockets with real simulated devices: PUSH
/// (Block1) to a NO_SEC device, PULL over CoAPS from the engine to a PSK device, failures and
/// their alarm, resumption after a sleep.
@Suite("Firmware update", .serialized, .timeLimit(.minutes(3)))
struct FirmwareUpdateTests {
    static let version = LwM2MPath(object: 3, instance: 0, resource: 3)

    @Test("PUSH to a NO_SEC device: Block1 writes of /5/0/0, progress shown, SUCCESSFUL with the new version in /3/0/3")
    func pushToNoSecDevice() async throws {
        let fixture = try await FirmwareFixture()
        let image = FirmwareFixture.image(name: "acme-fw", version: "2.0.0", bodySize: 20_000)
        try fixture.store.addFirmware(name: "acme-fw", version: "2.0.0", image: image)
        let device = fixture.fleet.nosecDevice()
        try await device.start()
        let done = try await fixture.run(FirmwareFixture.nosec, "fwupdate acme-fw;2.0.0;\(fixture.fleet.serverURI)/fw/acme-fw/2.0.0")
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(device.objects.value(Self.version) == .string("2.0.0"))
        #expect(done.resultLines.contains { $0.contains("/3/0/3") && $0.contains("2.0.0") }, "\(done.resultLines)")
        // 20,000 + header bytes in 512-byte blocks: 40 blocks; progress went through the snapshot.
        let progress = fixture.log.operations(done.id).compactMap(\.snapshot.progress)
        #expect(progress.contains { $0.hasPrefix("PUSH block 40/40 (100%)") }, "\(progress)")
        #expect(progress.contains { $0.contains("PUSH block") && $0.contains("%)") && !$0.contains("100%") })
        #expect(progress.contains("downloaded, updating"))
        let steps = fixture.log.lifecycle("FirmwareUpdate", endpoint: "nosec_device").map(\.text)
        #expect(steps.contains { $0.contains("resetting the firmware state machine") })
        #expect(steps.contains { $0.contains("firmware updated") })
        await fixture.shutDown([device])
    }

    @Test("PULL to a PSK device: the device downloads coaps://…/fw/NAME/VERSION from the engine over its DTLS session")
    func pullToPSKDevice() async throws {
        let fixture = try await FirmwareFixture()
        let image = FirmwareFixture.image(name: "acme-fw", version: "3.1.0", bodySize: 9_000)
        try fixture.store.addFirmware(name: "acme-fw", version: "3.1.0", image: image)
        let device = FleetFixture.device(
            "psk_device", serverURI: fixture.fleet.serverDTLSURI, identity: FleetFixture.pskIdentity,
            key: try FleetFixture.key(FleetFixture.pskKeyHex))
        let events = DeviceEventCollector(device)
        try await device.start()
        let done = try await fixture.run(FirmwareFixture.psk, "fwupdate acme-fw;3.1.0;coap://example.invalid/ignored")
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(device.objects.value(Self.version) == .string("3.1.0"))
        let progress = fixture.log.operations(done.id).compactMap(\.snapshot.progress)
        let prefix = "PULL: device downloads coaps://127.0.0.1:\(fixture.fleet.status.serverDTLSPort)/fw/"
        let uri = try #require(progress.first { $0.hasPrefix(prefix) }, "\(progress)").dropFirst("PULL: device downloads ".count)
        #expect(uri.count == prefix.count - "PULL: device downloads ".count + 32, "\(uri)")
        // The engine serves the blocks: (9,000 + header) bytes in the device's 512-byte blocks.
        let blocks = (image.count + 511) / 512
        #expect(progress.contains("PULL block \(blocks)/\(blocks) (100%)"), "\(progress)")
        #expect(progress.contains { $0.hasPrefix("PULL block ") && !$0.hasSuffix("(100%)") }, "\(progress)")
        #expect(await events.contains("firmware download \(uri)"))
        await fixture.shutDown([device])
    }

    @Test("a device failing the integrity check: FAILED with the result's meaning and a MAJOR alarm; a later success clears it")
    func failureRaisesAndSuccessClearsAlarm() async throws {
        let fixture = try await FirmwareFixture()
        let image = FirmwareFixture.image(name: "acme-fw", version: "2.0.0", bodySize: 2_000)
        try fixture.store.addFirmware(name: "acme-fw", version: "2.0.0", image: image)
        let failing = fixture.fleet.nosecDevice { $0.firmwareFailure = .integrity }
        try await failing.start()
        let failed = try await fixture.run(FirmwareFixture.nosec, "fwupdate acme-fw;2.0.0;\(fixture.fleet.serverURI)/fw/acme-fw/2.0.0")
        #expect(failed.status == .failed)
        #expect(failed.failureReason?.contains("5 (integrity check failure for the new package)") == true, "\(failed.failureReason ?? "")")
        #expect(failing.objects.value(Self.version) == .string("1.0.0"))
        func firmwareAlarms() throws -> [Alarm] {
            try fixture.store.alarms(statuses: [.active], tenant: nil, limit: 100).filter { $0.type == AlarmType.firmwareFailed && $0.deviceID == "nosec_device" }
        }
        #expect(await fixture.log.waitUntil { ((try? firmwareAlarms()) ?? []).count == 1 })
        #expect(try firmwareAlarms().first?.severity == .major)
        await failing.stop()

        let healthy = fixture.fleet.nosecDevice()
        try await healthy.start()
        let done = try await fixture.run(FirmwareFixture.nosec, "fwupdate acme-fw;2.0.0;\(fixture.fleet.serverURI)/fw/acme-fw/2.0.0")
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(await fixture.log.waitUntil { (try? firmwareAlarms())?.isEmpty == true })
        await fixture.shutDown([healthy])
    }

    @Test("an Update that fails on the device: FAILED naming result 8")
    func updateFailure() async throws {
        let fixture = try await FirmwareFixture()
        try fixture.store.addFirmware(name: "acme-fw", version: "2.0.0", image: FirmwareFixture.image(name: "acme-fw", version: "2.0.0", bodySize: 600))
        let device = fixture.fleet.nosecDevice { $0.firmwareFailure = .update }
        try await device.start()
        let failed = try await fixture.run(FirmwareFixture.nosec, "fwupdate acme-fw;2.0.0;\(fixture.fleet.serverURI)/fw/acme-fw/2.0.0")
        #expect(failed.status == .failed)
        #expect(failed.failureReason?.contains("8 (firmware update failed)") == true, "\(failed.failureReason ?? "")")
        await fixture.shutDown([device])
    }

    @Test("a name/version missing from the repository with our own URL fails at once with a clear reason")
    func missingFromRepository() async throws {
        let fixture = try await FirmwareFixture()
        let device = fixture.fleet.nosecDevice()
        try await device.start()
        let failed = try await fixture.run(FirmwareFixture.nosec, "fwupdate nothing;9.9;\(fixture.fleet.serverURI)/fw/nothing/9.9")
        #expect(failed.status == .failed)
        #expect(failed.failureReason == "firmware nothing 9.9 is not in the repository (add it with `lwm2m-console firmware add`)")
        await fixture.shutDown([device])
    }

    @Test("an external coap URL not in the repository goes to the device as-is (PULL) and it downloads from there")
    func externalURLPulledAsIs() async throws {
        let fixture = try await FirmwareFixture(nosecMethod: "BOTH")
        let image = FirmwareFixture.image(name: "vendor-fw", version: "9.9", bodySize: 5_000)
        var routes = CoAPRoutes()
        routes.on("/images", immediate: { _ in CoAPResponse(.content, payload: image) })
        let vendor = try await UniquePortBinder.bind(host: "127.0.0.1", routes: routes)
        let url = "coap://127.0.0.1:\(vendor.localAddress.port ?? 0)/images/vendor-fw-9.9.bin"
        let device = fixture.fleet.nosecDevice()
        try await device.start()
        let done = try await fixture.run(FirmwareFixture.nosec, "fwupdate vendor-fw;9.9;\(url)")
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(fixture.log.operations(done.id).contains { $0.snapshot.progress == "PULL: device downloads \(url)" })
        #expect(device.objects.value(Self.version) == .string("9.9"))
        await vendor.close()
        await fixture.shutDown([device])
    }

    @Test("a sleeping device at submit: PENDING until its next Update, then SUCCESSFUL")
    func sleepingDeviceResumesOnUpdate() async throws {
        let fixture = try await FirmwareFixture(nosecAwakeMs: 300)
        try fixture.store.addFirmware(name: "acme-fw", version: "2.0.0", image: FirmwareFixture.image(name: "acme-fw", version: "2.0.0", bodySize: 3_000))
        // The simulated radio stays on long after the engine thinks the device sleeps.
        let device = fixture.fleet.nosecDevice { $0.queueMode = true; $0.awakeWindow = .seconds(60) }
        try await device.start()
        #expect(await fixture.log.waitUntil { (try? fixture.store.device(tenant: FirmwareFixture.nosec.tenant, id: "nosec_device"))??.connectionState == .sleeping })
        let submitted = try await fixture.engine.submit(FirmwareFixture.nosec, text: "fwupdate acme-fw;2.0.0;\(fixture.fleet.serverURI)/fw/acme-fw/2.0.0")
        let id = try #require(submitted.first?.id)
        try await Task.sleep(for: .milliseconds(500))
        let waiting = try await fixture.engine.operations(FirmwareFixture.nosec, limit: 5).first { $0.id == id }
        #expect(waiting?.status == .pending)
        #expect(device.objects.value(Self.version) == .string("1.0.0"))
        try await device.update()
        let done = try #require(await fixture.log.operation(id, reaching: [.successful, .failed], within: .seconds(30)))
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(device.objects.value(Self.version) == .string("2.0.0"))
        await fixture.shutDown([device])
    }

    @Test("a PULL job's own random path: coap-client-notls fetches the exact bytes while the job runs; name/version, a random path and the path after the job answer 4.04")
    func coapClientFetchesJobPath() async throws {
        let client = "/usr/bin/coap-client-notls"
        try #require(ProcessRunner.available(client), "libcoap3-bin is not installed")
        let fixture = try await FirmwareFixture(nosecMethod: "PULL")
        let image = FirmwareFixture.image(name: "acme fw", version: "1.2", bodySize: 70_000)
        try fixture.store.addFirmware(name: "acme fw", version: "1.2", image: image)
        // The install takes long enough for the fetches below to run while the job does.
        let device = fixture.fleet.nosecDevice { $0.firmwareUpdateDuration = .seconds(8) }
        try await device.start()
        let port = fixture.fleet.status.serverPort
        let submitted = try await fixture.engine.submit(FirmwareFixture.nosec, text: "fwupdate acme fw;1.2;coap://127.0.0.1:\(port)/fw/x")
        let id = try #require(submitted.first?.id)
        func servedURI() -> String? {
            fixture.log.operations(id).compactMap(\.snapshot.progress).first { $0.hasPrefix("PULL: device downloads ") }
                .map { String($0.dropFirst("PULL: device downloads ".count)) }
        }
        #expect(await fixture.log.waitUntil(within: .seconds(15)) { fixture.log.operations(id).contains { $0.snapshot.progress == "downloaded, updating" } })
        let uri = try #require(servedURI())
        let token = try #require(uri.split(separator: "/").last.map(String.init))
        #expect(uri == "coap://127.0.0.1:\(port)/fw/\(token)")
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit), "\(token)")

        let output = fixture.fleet.directory + "/fetched.bin"
        let printed = try await ProcessRunner.run(client, ["-m", "get", "-b", "512", "-B", "20", "-o", output, uri], limit: .seconds(30))
        let fetched = try #require(FileManager.default.contents(atPath: output), "coap-client wrote nothing: \(printed)")
        #expect([UInt8](fetched) == image)
        for path in ["fw/acme%20fw/1.2", "fw/" + FirmwareDownload.makeToken()] {
            let missing = try await ProcessRunner.run(client, ["-m", "get", "-B", "5", "coap://127.0.0.1:\(port)/\(path)"])
            #expect(missing.contains("4.04"), "\(path): \(missing)")
        }

        let done = try #require(await fixture.log.operation(id, reaching: [.successful, .failed], within: .seconds(30)))
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        let after = try await ProcessRunner.run(client, ["-m", "get", "-B", "5", uri])
        #expect(after.contains("4.04"), "\(after)")
        #expect(await fixture.engine.firmware.imagesHeld == 0)
        await fixture.shutDown([device])
    }
}

/// Collects a simulated device's events for later checks.
final class DeviceEventCollector: Sendable {
    private let task: Task<[String], Never>
    private let seen = SeenLines()

    init(_ device: SimulatedDevice) {
        let seen = self.seen
        task = Task {
            for await event in device.events { seen.append(event.description) }
            return []
        }
    }

    deinit { task.cancel() }

    /// True when a line containing `text` arrived (waits up to 5 s).
    func contains(_ text: String) async -> Bool {
        let end = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < end {
            if seen.lines.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

/// Lines behind a mutex.
final class SeenLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}

/// A firmware job interrupted by a silent device resumes where it was.
@Suite("Firmware update: resuming", .serialized, .timeLimit(.minutes(2)))
struct FirmwareResumeTests {
    @Test("a device that goes silent while UPDATING: PENDING again, and on its next Update the job resumes at the result (no second PUSH)")
    func resumesAfterSilence() async throws {
        let fixture = try await FirmwareFixture()
        try fixture.store.addFirmware(name: "acme-fw", version: "7.0", image: FirmwareFixture.image(name: "acme-fw", version: "7.0", bodySize: 4_000))
        let device = fixture.fleet.nosecDevice { $0.firmwareUpdateDuration = .seconds(3) }
        try await device.start()
        let submitted = try await fixture.engine.submit(FirmwareFixture.nosec, text: "fwupdate acme-fw;7.0;\(fixture.fleet.serverURI)/fw/acme-fw/7.0 --timeout 1s")
        let id = try #require(submitted.first?.id)
        #expect(await fixture.log.waitUntil(within: .seconds(10)) { fixture.log.operations(id).contains { $0.snapshot.progress == "downloaded, updating" } })
        device.control.dropsRequests = true
        let pending = try #require(await fixture.log.operation(id, reaching: [.pending], after: 1, within: .seconds(10)))
        #expect(pending.failureReason?.contains("no answer within 1000 ms") == true, "\(pending.failureReason ?? "")")
        device.control.dropsRequests = false
        try await device.update()
        let done = try #require(await fixture.log.operation(id, reaching: [.successful, .failed], within: .seconds(20)),
                                "\(fixture.log.operations(id).map { "\($0.snapshot.status) \($0.snapshot.progress ?? "") \($0.snapshot.failureReason ?? "")" }) \(fixture.log.lifecycle.map(\.text))")
        #expect(done.status == .successful, "\(done.failureReason ?? "")")
        #expect(device.objects.value(FirmwareUpdateTests.version) == .string("7.0"))
        let steps = fixture.log.lifecycle("FirmwareUpdate", endpoint: "nosec_device").map(\.text)
        #expect(steps.filter { $0.contains("PUSH ") }.count == 1, "\(steps)")
        #expect(steps.contains { $0.contains("resuming: device state") }, "\(steps)")
        await fixture.shutDown([device])
    }
}
