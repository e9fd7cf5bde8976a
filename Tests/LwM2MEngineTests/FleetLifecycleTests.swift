import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Timeouts, queue mode, lifetime expiry and re-established observations with simulated devices.
@Suite("Fleet: timeouts, sleep, expiry and re-registration", .serialized)
struct FleetLifecycleTests {
    @Test("a device dropping requests: PENDING again within 10% after the timeout, resent on the next Update, FAILED after the retries")
    func timeoutRetryFail() async throws {
        let fixture = try await FleetFixture { $0.retryLimit = 2 }
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            device.control.dropsRequests = true
            let log = fixture.log
            let id = try #require(try await fixture.engine.submit(FleetFixture.nosec, text: "read /3/0/0 --timeout 1s").first?.id)
            let executing = try #require(await log.operation(id, reaching: [.executing]))
            #expect(executing.timeoutMs == 1000)
            let sent = try #require(executing.sentAt)
            let pending = try #require(await log.operationEntry(id, reaching: [.pending], after: 1, within: .seconds(3)))
            let late = pending.time.timeIntervalSince(sent)
            #expect(late >= 1.0 && late <= 1.1, "PENDING \(late) s after sending")
            #expect(pending.snapshot.attempts == 1)
            #expect(pending.snapshot.failureReason != nil)

            // Nothing is resent until the device shows up: the next Update resends it.
            let eventsBefore = log.operations(id).count
            let updatedAt = Date()
            try await device.update()
            let resent = try #require(await log.operationEntry(id, reaching: [.executing], after: eventsBefore, within: .seconds(3)))
            #expect(resent.snapshot.attempts == 2)
            #expect(try #require(resent.snapshot.sentAt) >= updatedAt.addingTimeInterval(-0.05))
            let failed = try #require(await log.operation(id, reaching: [.failed], within: .seconds(3)))
            #expect(failed.attempts == 2)
            #expect(failed.failureReason?.contains("2 attempts") == true, "\(failed.failureReason ?? "")")
            // The failure is stored with the rest of the operation's history.
            let ref = FleetFixture.nosec
            #expect(await log.waitUntil {
                (try? fixture.store.engineOperations(tenant: ref.tenant, deviceID: ref.id, limit: 5))?
                    .contains { $0.id == id.rawValue && $0.status == "FAILED" } == true
            })
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("queue mode: an operation for a sleeping device waits and is delivered on its next Update")
    func queueMode() async throws {
        let fixture = try await FleetFixture(nosecAwakeMs: 400)
        let device = fixture.nosecDevice {
            $0.queueMode = true
            $0.awakeWindow = .milliseconds(400)
        }
        do {
            try await device.start()
            let log = fixture.log
            let ref = FleetFixture.nosec
            #expect(await log.waitUntil {
                (try? fixture.store.device(tenant: ref.tenant, id: ref.id))??.connectionState == .sleeping
            })
            #expect(await log.waitUntil { device.control.isAsleep })
            let id = try #require(try await fixture.engine.submit(ref, text: "read /3/0/0").first?.id)
            // It stays PENDING and unsent while the device sleeps (watched for 300 ms).
            let sentEarly = await log.waitUntil(within: .milliseconds(300)) {
                log.operations(id).contains { $0.snapshot.status != .pending }
            }
            #expect(!sentEarly)
            try await device.update()
            let done = try #require(await log.operation(id, reaching: [.successful, .failed]))
            #expect(done.status == .successful)
            #expect(done.attempts == 1)
            #expect(done.resultLines == ["/3/0/0 Manufacturer = \"lwm2m-console simulator\""])
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("lifetime expiry raises the MAJOR unavailability alarm; the device's next contact clears it")
    func expiryAlarm() async throws {
        let fixture = try await FleetFixture { $0.grace = .zero }
        let device = fixture.nosecDevice { $0.lifetime = 1 }
        do {
            try await device.start()
            let log = fixture.log
            let raised = await log.waitUntil(within: .seconds(5)) {
                log.alarms.contains { $0.type == AlarmType.unavailable && $0.status == "ACTIVE" }
            }
            #expect(raised)
            let alarm = try #require(log.alarms.first { $0.type == AlarmType.unavailable })
            #expect(alarm.severity == "MAJOR")
            #expect(alarm.device == FleetFixture.nosec)
            // The registration is gone: the Update gets 4.04 and the simulator registers again.
            try await device.update()
            #expect(await log.waitUntil { log.alarms.contains { $0.type == AlarmType.unavailable && $0.status == "CLEARED" } })
            #expect(log.lifecycle("Registration", endpoint: "nosec_device").count == 2)
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("observations come back after the device reboots and registers again")
    func observationsAfterReRegistration() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            let log = fixture.log
            let ref = FleetFixture.nosec
            _ = try await fixture.run(ref, "writeattr /3/0/9 pmin=0&pmax=1")
            let observe = try await fixture.run(ref, "observe /3/0/9")
            #expect(observe.status == .successful)
            #expect(await log.waitUntil { !log.notifications.isEmpty })

            // Reboot: the simulator de-registers, registers again and forgets its observers.
            let reboot = try await fixture.run(ref, "execute /3/0/4")
            #expect(reboot.status == .successful)
            #expect(await log.waitUntil { log.lifecycle("Registration", endpoint: "nosec_device").count == 2 })
            let afterReRegistration = log.notifications.count
            #expect(await log.waitUntil { device.observationCount == 1 })
            #expect(await log.waitUntil { log.notifications.count >= afterReRegistration + 1 })
            #expect(log.lifecycle.contains { $0.type == "ObservationRestored" })
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }
}
