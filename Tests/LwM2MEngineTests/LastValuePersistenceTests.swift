import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Last known values (SPEC §6) with the real simulator: notifications and reads are kept and
/// written behind to the store, and a restarted engine serves them again, loaded on first ask.
@Suite("Last values stored and restored", .serialized)
struct LastValuePersistenceTests {
    static let temperature = LwM2MPath(object: 3303, instance: 0, resource: 5700)
    static let manufacturer = LwM2MPath(object: 3, instance: 0, resource: 0)

    @Test("observe → stored as a notification value; read → stored as a read value; a restarted engine still has both; a read after the restart updates them")
    func storedAndRestored() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        var second: LwM2MEngine?
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            let store = fixture.store
            func stored(_ path: LwM2MPath) -> LastValueRecord? {
                (try? store.lastValues(tenant: ref.tenant, deviceID: ref.id))?.first { $0.path == path }
            }
            // The IPSO temperature has no units in the model; the device reports them in 5701.
            #expect(try await fixture.run(ref, "read /3303/0/5701").status == .successful)
            _ = try await fixture.run(ref, "writeattr /3303/0/5700 pmin=0&pmax=1")
            #expect(try await fixture.run(ref, "observe /3303/0/5700").status == .successful)
            #expect(await log.waitUntil { log.notifications.count >= 2 })
            #expect(await log.waitUntil { stored(Self.temperature)?.lastValue.source == .notification },
                    "a notification reaches the store through the write-behind batch")
            let temperature = try #require(stored(Self.temperature))
            #expect(temperature.rendered.hasSuffix(" Cel"), "rendered with the device's Sensor Units: \(temperature.rendered)")
            guard case .float = temperature.lastValue.value else {
                Issue.record("temperature stored as \(temperature.lastValue.value)")
                return
            }

            #expect(try await fixture.run(ref, "read /3/0/0").status == .successful)
            let live = await fixture.engine.lastValueDetails(ref)[Self.manufacturer]
            #expect(live?.source == .read)
            #expect(live?.value == .string(DeviceProfile().manufacturer))
            #expect(await log.waitUntil { stored(Self.manufacturer)?.lastValue.source == .read })
            let manufacturer = try #require(stored(Self.manufacturer))
            #expect(manufacturer.lastValue.value == live?.value)

            _ = try await fixture.run(ref, "cancelobserve /3303/0/5700")
            await fixture.engine.stop()
            let beforeRestart = try #require(stored(Self.temperature))

            var configuration = EngineFixture.testConfiguration()
            configuration.serverPort = fixture.status.serverPort
            let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
            second = engine
            #expect(await engine.lastValues.isEmpty, "nothing is loaded at start")
            let restored = await engine.lastValueDetails(ref)
            #expect(restored[Self.manufacturer] == manufacturer.lastValue)
            #expect(restored[Self.temperature] == beforeRestart.lastValue)
            #expect(await engine.lastValues(ref)[Self.manufacturer] == manufacturer.lastValue.value)

            // A read on the new engine replaces the restored value (newer time, source read).
            let restartedLog = await FleetEventLog(engine)
            try await device.update()
            #expect(await restartedLog.waitUntil { !restartedLog.lifecycle("RegistrationUpdate", endpoint: "nosec_device").isEmpty })
            let submitted = try await engine.submit(ref, text: "read /3303/0/5700")
            let id = try #require(submitted.first?.id)
            let read = try #require(await restartedLog.operation(id, reaching: [.successful, .failed]))
            #expect(read.status == .successful)
            let updated = try #require(await engine.lastValueDetails(ref)[Self.temperature])
            #expect(updated.source == .read)
            #expect(updated.reportedAt > beforeRestart.lastValue.reportedAt)
            #expect(await restartedLog.waitUntil { stored(Self.temperature)?.lastValue.source == .read })
            #expect(await engine.lastValueDetails(ref)[Self.manufacturer] == manufacturer.lastValue, "other values stay")
        } catch {
            Issue.record("\(error)")
        }
        await second?.stop()
        await fixture.shutDown([device])
    }
}
