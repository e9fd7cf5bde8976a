import CoAP
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Bootstrap, expiry, observations, events and restarts over real sockets and a real store.
@Suite("Device lifecycle", .serialized)
struct LifecycleTests {
    static let nosec = DeviceRef(tenant: DeviceStore.defaultTenant, id: "nosec_device")

    @Test("bootstrap writes the plan (TLV) and finishes; events BootstrapStart and BootstrapEnd")
    func bootstrapSequence() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        var options = CoAPOptions()
        options.uriPath = ["bs"]
        options.uriQuery = ["ep=nosec_device"]
        let answer = await device.request(.post, options: options, payload: [], to: try fixture.bootstrapAddress())
        #expect(answer?.code == .changed)
        let ended = try await EngineFixture.eventually { recorder.lifecycleTypes.contains("BootstrapEnd") }
        #expect(ended, "\(recorder.lifecycle.map(\.text))")
        #expect(recorder.lifecycleTypes.filter { $0.hasPrefix("Bootstrap") } == ["BootstrapStart", "BootstrapEnd"])
        let methods = device.requests.map { "\($0.code) /\($0.options.uriPath.joined(separator: "/"))" }
        #expect(methods == ["0.04 DELETE /0", "0.04 DELETE /1", "0.03 PUT /0/0", "0.03 PUT /1/0", "0.02 POST /bs"])
        #expect(device.requests[2].options.contentFormat == ContentFormat.tlv.rawValue)
        #expect(device.value(LwM2MPath(object: 0, instance: 0, resource: 0)) == .string("coap://127.0.0.1:5783"))
        #expect(device.value(LwM2MPath(object: 0, instance: 0, resource: 2)) == .integer(3))
        #expect(device.value(LwM2MPath(object: 1, instance: 0, resource: 1)) == .integer(432_000))

        let plan = try await fixture.engine.bootstrapPlan(Self.nosec)
        #expect(plan.first == "DELETE /0")
        #expect(plan.contains("  /0/0/0 LWM2M Server URI = \"coap://127.0.0.1:5783\""))
        #expect(plan.contains("  /0/0/2 Security Mode = 3"))
        #expect(plan.contains("  /1/0/1 Lifetime = 432000 s"))
        #expect(plan.last == "POST /bs (Bootstrap-Finish)")
    }

    @Test("bootstrap falls back to SenML CBOR when the client answers 4.15 to TLV")
    func bootstrapFallback() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        device.acceptWrites(in: [.senmlCBOR])
        var options = CoAPOptions()
        options.uriPath = ["bs"]
        options.uriQuery = ["ep=nosec_device"]
        _ = await device.request(.post, options: options, payload: [], to: try fixture.bootstrapAddress())
        #expect(try await EngineFixture.eventually { recorder.lifecycleTypes.contains("BootstrapEnd") })
        let formats = device.requests.filter { $0.code == .put }.map { $0.options.contentFormat }
        #expect(formats == [ContentFormat.tlv.rawValue, ContentFormat.senmlCBOR.rawValue, ContentFormat.senmlCBOR.rawValue])
        #expect(device.value(LwM2MPath(object: 1, instance: 0, resource: 7)) == .string("UQ"))
    }

    @Test("a failed bootstrap raises a MAJOR alarm; the next successful bootstrap clears it")
    func bootstrapFailureAlarmClears() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        var options = CoAPOptions()
        options.uriPath = ["bs"]
        options.uriQuery = ["ep=nosec_device"]
        device.acceptWrites(in: [])
        _ = await device.request(.post, options: options, payload: [], to: try fixture.bootstrapAddress())
        #expect(try await EngineFixture.eventually {
            try fixture.store.alarms().contains { $0.deviceID == "nosec_device" && $0.type == AlarmType.bootstrapFailed }
        })
        device.acceptWrites(in: [.tlv])
        _ = await device.request(.post, options: options, payload: [], to: try fixture.bootstrapAddress())
        #expect(try await EngineFixture.eventually { recorder.lifecycleTypes.contains("BootstrapEnd") })
        #expect(try await EngineFixture.eventually {
            try fixture.store.alarms().allSatisfy { $0.type != AlarmType.bootstrapFailed }
        })
        #expect(try await EngineFixture.eventually { recorder.alarms.map(\.status) == ["ACTIVE", "CLEARED"] })
    }

    @Test("an unknown endpoint asking for bootstrap gets 4.03 and a BootstrapFailure event; /bspack gets 4.04")
    func bootstrapRefused() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "stranger")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        var options = CoAPOptions()
        options.uriPath = ["bs"]
        options.uriQuery = ["ep=stranger"]
        let answer = await device.request(.post, options: options, payload: [], to: try fixture.bootstrapAddress())
        #expect(answer?.code == .forbidden)
        #expect(try await EngineFixture.eventually { recorder.lifecycleTypes == ["BootstrapFailure"] })
        var pack = CoAPOptions()
        pack.uriPath = ["bspack"]
        let packAnswer = await device.request(.get, options: pack, payload: [], to: try fixture.bootstrapAddress())
        #expect(packAnswer?.code == .notFound)
    }

    @Test("lifetime expiry: offline and a MAJOR unavailability alarm; the next Register clears it")
    func expiryAlarm() async throws {
        let fixture = try await EngineFixture { $0.grace = .zero }
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server, lifetime: 1) == .created)
        let raised = try await EngineFixture.eventually(within: .seconds(4)) {
            try fixture.store.alarms().contains { $0.deviceID == "nosec_device" && $0.type == AlarmType.unavailable }
        }
        #expect(raised)
        let alarm = try #require(try fixture.store.alarms().first { $0.type == AlarmType.unavailable })
        #expect(alarm.severity == .major)
        #expect(alarm.text == "No data received from device within required interval")
        #expect(try await EngineFixture.eventually {
            try fixture.store.device(tenant: Self.nosec.tenant, id: Self.nosec.id)?.connectionState == .offline
        })
        #expect(await fixture.engine.status().registeredDevices == 0)
        // The stale registration ID is gone: an Update gets 4.04 (the client must register again).
        #expect(await device.update(at: server) == .notFound)

        #expect(await device.register(at: server, lifetime: 60) == .created)
        let cleared = try await EngineFixture.eventually {
            try fixture.store.alarms().allSatisfy { $0.type != AlarmType.unavailable }
        }
        #expect(cleared)
        // The store and the event stream are updated independently: wait for the event too.
        #expect(try await EngineFixture.eventually { recorder.alarms.map(\.status) == ["ACTIVE", "CLEARED"] })
    }

    @Test("observe: notifications are decoded and kept; after re-registration the observation comes back")
    func observeAndReestablish() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let recorder = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        let battery = LwM2MPath(object: 3, instance: 0, resource: 9)
        #expect(await device.register(at: server) == .created)
        let ops = try await fixture.engine.submit(Self.nosec, text: "observe /3/0/9")
        let done = try #require(try await OperationTests.waitFor(fixture.engine, ops[0].id, [.successful, .failed]))
        #expect(done.resultLines == ["/3/0/9 Battery Level = 87 %"])
        #expect(device.isObserved(battery))

        device.change(battery, to: .integer(55))
        #expect(try await EngineFixture.eventually { recorder.notifications.contains { $0.lines == ["/3/0/9 Battery Level = 55 %"] } })
        #expect(await fixture.engine.lastValues(Self.nosec)[battery] == .integer(55))

        // The device restarts and registers again: it forgot its observers.
        #expect(await device.register(at: server) == .created)
        #expect(try await EngineFixture.eventually { device.isObserved(battery) })
        device.change(battery, to: .integer(42))
        #expect(try await EngineFixture.eventually { recorder.notifications.contains { $0.lines == ["/3/0/9 Battery Level = 42 %"] } })
        #expect(recorder.lifecycleTypes.contains("ObservationRestored"))

        // cancelobserve ends it on the device.
        let cancel = try await fixture.engine.submit(Self.nosec, text: "cancelobserve /3/0/9")
        _ = try await OperationTests.waitFor(fixture.engine, cancel[0].id, [.successful, .failed])
        #expect(!device.isObserved(battery))
    }

    @Test("events: Registration, RegistrationUpdate, DeRegistration with endpoint, address and links; every subscriber gets them")
    func registrationEvents() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        let first = await EventRecorder(fixture.engine)
        let second = await EventRecorder(fixture.engine)
        defer { Task { await device.close(); await fixture.shutDown() } }
        let server = try fixture.serverAddress()
        #expect(await device.register(at: server) == .created)
        #expect(await device.update(at: server) == .changed)
        #expect(await device.deregister(at: server) == .deleted)
        #expect(try await EngineFixture.eventually { first.lifecycleTypes.count == 3 && second.lifecycleTypes.count == 3 })
        #expect(first.lifecycleTypes == ["Registration", "RegistrationUpdate", "DeRegistration"])
        #expect(second.lifecycleTypes == first.lifecycleTypes)
        let registration = try #require(first.lifecycle.first)
        #expect(registration.device == Self.nosec)
        #expect(registration.text.contains("coap://127.0.0.1:"))
        #expect(registration.text.contains("LwM2M 1.1"))
        #expect(registration.text.contains("</3/0>"))
        #expect(registration.connectionState == "registered")
        #expect(try await EngineFixture.eventually {
            try fixture.store.device(tenant: Self.nosec.tenant, id: Self.nosec.id)?.connectionState == .offline
        })
        let stored = try fixture.store.events(tenant: Self.nosec.tenant, deviceID: Self.nosec.id).map(\.type)
        #expect(stored.contains("lwm2m_Registration"))
    }

    @Test("restart: registrations and pending operations come back from the data directory")
    func restart() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        // An operation for a device that is not registered stays PENDING across the restart.
        let psk = DeviceRef(tenant: DeviceStore.defaultTenant, id: "psk_device")
        let waiting = try await fixture.engine.submit(psk, text: "read /3/0/1")
        await fixture.engine.stop()

        // While stopped, queue an operation with a second engine that the device never contacts.
        let second = try await LwM2MEngine.start(configuration: EngineFixture.testConfiguration(), store: fixture.store, model: .builtIn)
        #expect(await second.status().registeredDevices == 1)
        let info = await second.registration(Self.nosec)
        #expect(info?.endpoint == "nosec_device")
        let ops = try await second.submit(Self.nosec, text: "read /3/0/0")
        // The restored registration is reachable (always online): the read goes to the device.
        let end = ContinuousClock.now + .seconds(5)
        var result: OperationSnapshot?
        while ContinuousClock.now < end {
            result = try await second.operations(Self.nosec, limit: 5).first { $0.id == ops[0].id }
            if result?.status.isFinal == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(result?.resultLines == ["/3/0/0 Manufacturer = \"Acme\""])
        let restored = try await second.operations(psk, limit: 5).first { $0.id == waiting[0].id }
        #expect(restored?.status == .pending)
        #expect(restored?.failureReason == "queued again after an engine restart")
        #expect(await second.status().openOperations == 1)
        await second.stop()
    }
}

extension LifecycleTests {
    @Test("cancelobservation forgets the observation: the device's next notification gets RST")
    func passiveCancel() async throws {
        let fixture = try await EngineFixture()
        let device = try await TestLwM2MDevice(endpoint: "nosec_device")
        defer { Task { await device.close(); await fixture.shutDown() } }
        let battery = LwM2MPath(object: 3, instance: 0, resource: 9)
        #expect(await device.register(at: try fixture.serverAddress()) == .created)
        let ops = try await fixture.engine.submit(Self.nosec, text: "observe /3/0/9\ncancelobservation /3/0/9")
        let cancelled = try #require(try await OperationTests.waitFor(fixture.engine, ops[1].id, [.successful, .failed]))
        #expect(cancelled.status == .successful)
        #expect(device.isObserved(battery))
        device.change(battery, to: .integer(10))
        #expect(try await EngineFixture.eventually { !device.isObserved(battery) })
    }
}
