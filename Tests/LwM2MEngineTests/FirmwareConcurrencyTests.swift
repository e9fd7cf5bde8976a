import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// The cap on concurrent firmware jobs: the rest wait PENDING in order and start as others end.
@Suite("Firmware update: concurrent jobs", .serialized, .timeLimit(.minutes(2)))
struct FirmwareConcurrencyTests {
    @Test("with a limit of 1 job, the second device's fwupdate waits PENDING until the first ends, then succeeds")
    func secondJobWaitsForASlot() async throws {
        let fixture = try await FirmwareFixture { $0.maxConcurrentFirmwareJobs = 1 }
        let image = FirmwareFixture.image(name: "acme-fw", version: "4.0", bodySize: 5_000)
        try fixture.store.addFirmware(name: "acme-fw", version: "4.0", image: image)
        // The first install takes 2 s, so the second submission finds the only slot taken.
        let nosec = fixture.fleet.nosecDevice { $0.firmwareUpdateDuration = .seconds(2) }
        let psk = FleetFixture.device(
            "psk_device", serverURI: fixture.fleet.serverDTLSURI, identity: FleetFixture.pskIdentity,
            key: try FleetFixture.key(FleetFixture.pskKeyHex))
        try await nosec.start()
        try await psk.start()
        let line = "fwupdate acme-fw;4.0;coap://127.0.0.1/fw/x"
        let first = try #require(try await fixture.engine.submit(FirmwareFixture.nosec, text: line).first?.id)
        #expect(await fixture.log.waitUntil(within: .seconds(10)) { fixture.log.operations(first).contains { $0.snapshot.status == .executing } })
        let second = try #require(try await fixture.engine.submit(FirmwareFixture.psk, text: line).first?.id)
        #expect(await fixture.log.waitUntil(within: .seconds(10)) {
            fixture.log.operations(second).contains { $0.snapshot.status == .pending && $0.snapshot.progress?.hasPrefix("waiting: 1 firmware jobs running (limit 1)") == true }
        }, "\(fixture.log.operations(second).map { "\($0.snapshot.status) \($0.snapshot.progress ?? "")" })")

        let firstDone = try #require(await fixture.log.operation(first, reaching: [.successful, .failed], within: .seconds(30)))
        let secondDone = try #require(await fixture.log.operation(second, reaching: [.successful, .failed], within: .seconds(30)))
        #expect(firstDone.status == .successful, "\(firstDone.failureReason ?? "")")
        #expect(secondDone.status == .successful, "\(secondDone.failureReason ?? "")")
        // The second job ran only after the first ended.
        let firstEnd = try #require(fixture.log.operations(first).first { $0.snapshot.status == .successful }?.time)
        let secondRan = try #require(fixture.log.operations(second).first { $0.snapshot.progress?.hasPrefix("resetting") == true }?.time)
        #expect(secondRan >= firstEnd)
        #expect(psk.objects.value(FirmwareUpdateTests.version) == .string("4.0"))
        await fixture.shutDown([nosec, psk])
    }
}
