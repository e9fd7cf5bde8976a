import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// The seed's devices as real simulated clients: bootstrap, register and every operation,
/// driven through `engine.submit` and followed on the engine's event stream.
@Suite("Fleet: simulated seed devices against the engine", .serialized)
struct FleetOperationTests {
    @Test("NO_SEC: bootstrap over plain CoAP, register, then read, write, execute, observe, discover, create, delete, writeattr, composite read, Update, De-register")
    func nosecBootstrapAndOperations() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device("nosec_device", bootstrapURI: fixture.bootstrapURI)
        do {
            try await device.start()
            let log = fixture.log
            #expect(log.lifecycle(for: "nosec_device").prefix(3).map(\.type) == ["BootstrapStart", "BootstrapEnd", "Registration"])
            #expect(await log.waitUntil { !log.lifecycle("Registration", endpoint: "nosec_device").isEmpty })
            // The bootstrap server sent the device to the server URI of its row.
            #expect(device.objects.objects[0]?.values.contains { $0[0] == .single(.string(fixture.serverURI)) } == true)
            #expect(await fixture.engine.registration(FleetFixture.nosec)?.endpoint == "nosec_device")

            let ref = FleetFixture.nosec
            let read = try await fixture.run(ref, "read /3/0/0")
            #expect(read.status == .successful)
            #expect(read.resultLines == ["/3/0/0 Manufacturer = \"lwm2m-console simulator\""])
            #expect(read.responseCode == "2.05 Content")

            let write = try await fixture.run(ref, "write /3/0/14 +05:30")
            #expect(write.status == .successful, "\(write.failureReason ?? "") \(write.responseCode ?? "")")
            #expect(device.objects.value(LwM2MPath(object: 3, instance: 0, resource: 14)) == .string("+05:30"))
            let readBack = try await fixture.run(ref, "read /3/0/14")
            #expect(readBack.resultLines == ["/3/0/14 UTC Offset = \"+05:30\""])

            // Reset Error Code (/3/0/12) clears the error codes to a single 0.
            device.modifyObjects { $0.objects[3]?[0]?[11] = .multiple([0: .integer(5), 1: .integer(7)]) }
            let execute = try await fixture.run(ref, "execute /3/0/12")
            #expect(execute.responseCode == "2.04 Changed")
            #expect(device.objects.objects[3]?[0]?[11] == .multiple([0: .integer(0)]))

            let discover = try await fixture.run(ref, "discover /3/0")
            #expect(discover.status == .successful)
            #expect(discover.resultLines.first == "</3/0>")
            #expect(discover.resultLines.contains("</3/0/0>"))

            let create = try await fixture.run(ref, "create /3303/7 {\"5750\":\"fridge\"}")
            #expect(create.status == .successful, "\(create.failureReason ?? "") \(create.responseCode ?? "")")
            #expect(create.responseCode == "2.01 Created")
            #expect(device.objects.value(LwM2MPath(object: 3303, instance: 7, resource: 5750)) == .string("fridge"))
            let delete = try await fixture.run(ref, "delete /3303/7")
            #expect(delete.responseCode == "2.02 Deleted")
            #expect(device.objects.objects[3303]?[7] == nil)
            let gone = try await fixture.run(ref, "read /3303/7/5750")
            #expect(gone.status == .failed)
            #expect(gone.responseCode == "4.04 Not Found")

            let attributes = try await fixture.run(ref, "writeattr /3/0/9 pmin=0&pmax=1")
            #expect(attributes.responseCode == "2.04 Changed")
            let discovered = try await fixture.run(ref, "discover /3/0/9")
            #expect(discovered.resultLines.contains { $0.contains("pmax=1") }, "\(discovered.resultLines)")

            // Observe: pmax=1 makes the device notify every second; notifications arrive as events.
            let observe = try await fixture.run(ref, "observe /3/0/9")
            #expect(observe.status == .successful)
            #expect(device.observationCount == 1)
            let notified = await log.waitUntil { log.notifications.filter { $0.device == ref && $0.path == "/3/0/9" }.count >= 2 }
            #expect(notified, "notifications: \(log.notifications.count)")
            #expect(log.notifications.first?.lines.first?.hasPrefix("/3/0/9 Battery Level = ") == true)

            let composite = try await fixture.run(ref, "cread /3/0/0 /3/0/1")
            #expect(composite.status == .successful)
            #expect(composite.resultLines == ["/3/0/0 Manufacturer = \"lwm2m-console simulator\"", "/3/0/1 Model Number = \"SIM-1\""])

            try await device.update()
            #expect(await log.waitUntil { !log.lifecycle("RegistrationUpdate", endpoint: "nosec_device").isEmpty })
        } catch {
            Issue.record("\(error)")
        }
        await device.stop()
        let log = fixture.log
        #expect(await log.waitUntil { !log.lifecycle("DeRegistration", endpoint: "nosec_device").isEmpty })
        #expect(await fixture.engine.registration(FleetFixture.nosec) == nil)
        await fixture.shutDown()
    }

    @Test("PSK: bootstrap over DTLS with the bootstrap identity, register over DTLS with the written account, read, Update, De-register")
    func pskBootstrapAndRegister() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device(
            "psk_device", bootstrapURI: fixture.bootstrapDTLSURI,
            identity: FleetFixture.bootstrapIdentity, key: try FleetFixture.key(FleetFixture.bootstrapKeyHex))
        do {
            try await device.start()
            let log = fixture.log
            #expect(await log.waitUntil { !log.lifecycle("Registration", endpoint: "psk_device").isEmpty })
            #expect(log.lifecycle(for: "psk_device").prefix(3).map(\.type) == ["BootstrapStart", "BootstrapEnd", "Registration"])
            let registration = try #require(log.lifecycle("Registration", endpoint: "psk_device").first)
            #expect(registration.text.contains("coaps://127.0.0.1:"), "\(registration.text)")
            let read = try await fixture.run(FleetFixture.psk, "read /3/0/0")
            #expect(read.resultLines == ["/3/0/0 Manufacturer = \"lwm2m-console simulator\""])
            try await device.update()
            #expect(await log.waitUntil { !log.lifecycle("RegistrationUpdate", endpoint: "psk_device").isEmpty })
        } catch {
            Issue.record("\(error)")
        }
        await device.stop()
        let log = fixture.log
        #expect(await log.waitUntil { !log.lifecycle("DeRegistration", endpoint: "psk_device").isEmpty })
        await fixture.shutDown()
    }
}

extension FleetEventLog {
    /// Lifecycle events of one endpoint, oldest first.
    func lifecycle(for endpoint: String) -> [LifecycleEvent] { lifecycle.filter { $0.endpoint == endpoint } }
}
