import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Observations outlive an engine restart (SPEC §6): stored when established, established again
/// when the device next updates after the restart, removed from the store when cancelled.
@Suite("Observations across an engine restart", .serialized)
struct ObservationRestartTests {
    /// A second engine on the fixture's store and the same server ports (the device keeps
    /// talking to the address it registered with).
    static func restartedEngine(_ fixture: FleetFixture) async throws -> LwM2MEngine {
        var configuration = EngineFixture.testConfiguration()
        configuration.serverPort = fixture.status.serverPort
        configuration.serverDTLSPort = fixture.status.serverDTLSPort
        return try await LwM2MEngine.start(configuration: configuration, store: fixture.store, model: .builtIn)
    }

    @Test("observe /3303/0/5700, stop the engine, start a new one on the same store: after the device's Update notifications arrive again")
    func survivesRestart() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        var second: LwM2MEngine?
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            _ = try await fixture.run(ref, "writeattr /3303/0/5700 pmin=0&pmax=1")
            let observe = try await fixture.run(ref, "observe /3303/0/5700")
            #expect(observe.status == .successful)
            #expect(await log.waitUntil { log.notifications.contains { $0.path == "/3303/0/5700" } })
            #expect(await log.waitUntil {
                (try? fixture.store.engineObservations())?.map(\.command) == ["observe /3303/0/5700"]
            })

            await fixture.engine.stop()
            let engine = try await Self.restartedEngine(fixture)
            second = engine
            let restarted = await FleetEventLog(engine)
            #expect(await engine.registration(ref) != nil, "the registration is restored from the snapshot")
            try await device.update()
            #expect(await restarted.waitUntil { !restarted.lifecycle("RegistrationUpdate", endpoint: "nosec_device").isEmpty })
            #expect(await restarted.waitUntil { restarted.lifecycle.contains { $0.type == "ObservationRestored" } })
            let count = restarted.notifications.count
            #expect(await restarted.waitUntil(within: .seconds(5)) {
                restarted.notifications.filter { $0.path == "/3303/0/5700" }.count >= count + 2
            }, "notifications keep coming on the new engine")
            #expect(await engine.lastValues(ref)[LwM2MPath(object: 3303, instance: 0, resource: 5700)] != nil)
            // Established again, not duplicated in the store.
            #expect(try fixture.store.engineObservations().count == 1)

            // Cancelling it removes it from the store.
            let submitted = try await engine.submit(ref, text: "cancelobserve /3303/0/5700")
            let id = try #require(submitted.first?.id)
            let cancelled = try #require(await restarted.operation(id, reaching: [.successful, .failed]))
            #expect(cancelled.status == .successful, "\(cancelled.failureReason ?? "")")
            #expect(await restarted.waitUntil { (try? fixture.store.engineObservations())?.isEmpty == true })
        } catch {
            Issue.record("\(error)")
        }
        await second?.stop()
        await fixture.shutDown([device])
    }

    @Test("an observation stored by a previous run is not sent before the device shows up, and `cancelobservation` forgets it")
    func restoredButNotLive() async throws {
        let fixture = try await FleetFixture()
        let ref = FleetFixture.nosec
        try fixture.store.applyObservationChanges([.saved(EngineObservationRecord(
            tenant: ref.tenant, deviceID: ref.id, key: "/3/0/9", command: "observe /3/0/9", createdAt: Date()))])
        await fixture.engine.stop()
        let engine = try await Self.restartedEngine(fixture)
        let log = await FleetEventLog(engine)
        do {
            let submitted = try await engine.submit(ref, text: "cancelobservation /3/0/9")
            let id = try #require(submitted.first?.id)
            // Not registered: the operation waits; the store entry is dropped once it runs.
            #expect(try fixture.store.engineObservations().count == 1)
            let device = fixture.nosecDevice()
            try await device.start()
            let done = try #require(await log.operation(id, reaching: [.successful, .failed]))
            #expect(done.status == .successful)
            #expect(done.resultLines.first?.contains("/3/0/9") == true)
            #expect(await log.waitUntil { (try? fixture.store.engineObservations())?.isEmpty == true })
            #expect(!log.lifecycle.contains { $0.type == "ObservationRestored" })
            await device.stop()
        } catch {
            Issue.record("\(error)")
        }
        await engine.stop()
        await fixture.shutDown()
    }
}
