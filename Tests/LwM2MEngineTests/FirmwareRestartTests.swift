import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Synchronization
import Testing
@testable import LwM2MEngine

/// A firmware job's phase survives an engine restart ("v4: firmware job phase").
@Suite("Firmware update: engine restart", .serialized, .timeLimit(.minutes(2)))
struct FirmwareRestartTests {
    @Test("engine stopped while the device installs: the restarted engine resumes at the result (no second PUSH) and forgets the phase")
    func phaseSurvivesRestart() async throws {
        let fixture = try await FirmwareFixture()
        try fixture.store.addFirmware(name: "acme-fw", version: "8.0", image: FirmwareFixture.image(name: "acme-fw", version: "8.0", bodySize: 4_000))
        let device = fixture.fleet.nosecDevice { $0.firmwareUpdateDuration = .seconds(2) }
        try await device.start()
        let submitted = try await fixture.engine.submit(FirmwareFixture.nosec, text: "fwupdate acme-fw;8.0;\(fixture.fleet.serverURI)/fw/x")
        let id = try #require(submitted.first?.id)
        #expect(await fixture.log.waitUntil(within: .seconds(10)) { fixture.log.operations(id).contains { $0.snapshot.progress == "downloaded, updating" } })
        #expect(await fixture.log.waitUntil(within: .seconds(5)) { (try? fixture.store.firmwareJobPhase(operation: id.rawValue)) == "updating" })
        await fixture.engine.stop()
        #expect(try fixture.store.firmwareJobPhase(operation: id.rawValue) == "updating")

        // Same ports, same store: the registration and the open operation come back.
        var configuration = EngineFixture.testConfiguration()
        configuration.serverPort = fixture.fleet.status.serverPort
        configuration.serverDTLSPort = fixture.fleet.status.serverDTLSPort
        let restarted = try await LwM2MEngine.start(configuration: configuration, store: fixture.store, model: .builtIn)
        let events = await restarted.events()
        let seen = SeenLines()
        let final = Mutex<OperationSnapshot?>(nil)
        let listener = Task {
            for await event in events {
                switch event {
                case .lifecycle(let lifecycle) where lifecycle.type == "FirmwareUpdate": seen.append(lifecycle.text)
                case .operation(let snapshot) where snapshot.id == id && snapshot.status.isFinal: final.withLock { $0 = snapshot }
                default: break
                }
            }
        }
        defer { listener.cancel() }
        // The device finishes installing while no engine runs.
        let installed = ContinuousClock.now + .seconds(10)
        while device.objects.value(FirmwareUpdateTests.version) != .string("8.0"), ContinuousClock.now < installed {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await device.update()
        let end = ContinuousClock.now + .seconds(20)
        while final.withLock({ $0 }) == nil, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(20)) }
        let done = try #require(final.withLock { $0 }, "\(seen.lines)")
        #expect(done.status == .successful, "\(done.failureReason ?? "") \(seen.lines)")
        // The restored job may resume before this test has subscribed to the new engine's
        // events: the stored events have every step.
        let nosec = FirmwareFixture.nosec
        func stored() -> [String] {
            ((try? fixture.store.events(tenant: nosec.tenant, deviceID: nosec.id, limit: 500)) ?? []).map(\.text)
        }
        #expect(await fixture.log.waitUntil(within: .seconds(5)) {
            (seen.lines + stored()).contains { $0.contains("operation \(id): resuming: device state") }
        }, "\(seen.lines)")
        #expect(!seen.lines.contains { $0.contains("PUSH ") }, "\(seen.lines)")
        #expect(await fixture.log.waitUntil(within: .seconds(5)) { (try? fixture.store.firmwareJobPhase(operation: id.rawValue)) == .some(nil) })
        await device.stop()
        await restarted.stop()
        await fixture.shutDown()
    }
}
