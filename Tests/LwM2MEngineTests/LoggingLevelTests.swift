import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// Per-device log levels (SPEC §9) with simulated devices over real sockets: VERBOSE logs every
/// CoAP message (decrypted over DTLS), NONE silences lifecycle events, LIFECYCLE is unchanged.
@Suite("Logging: per-device log level NONE / LIFECYCLE / VERBOSE", .serialized)
struct LoggingLevelTests {
    /// The `CoAP` events of a device, in order.
    static func coapLines(_ log: FleetEventLog, _ ref: DeviceRef) -> [String] {
        log.lifecycle.filter { $0.type == "CoAP" && $0.device == ref }.map(\.text)
    }

    /// The message ID in a CoAP event line (`… MID 1234 …`).
    static func messageID(_ line: String) -> Int? {
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "MID"), index + 1 < words.count else { return nil }
        return Int(words[index + 1])
    }

    @Test("VERBOSE: a read gives a 'sent CON GET' and a 'received ACK 2.05' event with the same MID and token, streamed and stored")
    func verboseRead() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            try await fixture.engine.setLogLevel(ref, .verbose)
            #expect(await fixture.engine.logLevel(ref) == .verbose)
            let read = try await fixture.run(ref, "read /3/0/0")
            #expect(read.status == .successful)
            #expect(await log.waitUntil { Self.coapLines(log, ref).contains { $0.hasPrefix("received ACK 2.05 Content") } })
            let lines = Self.coapLines(log, ref)
            let request = try #require(lines.first { $0.hasPrefix("sent CON GET") && $0.contains("Uri-Path=3/0/0") }, "\(lines)")
            let response = try #require(lines.first { $0.hasPrefix("received ACK 2.05 Content") }, "\(lines)")
            #expect(request.contains("no payload"))
            #expect(response.contains("\"lwm2m-console simulator\"") || response.contains("bytes"), "\(response)")
            let mid = try #require(Self.messageID(request))
            #expect(Self.messageID(response) == mid)
            let token = try #require(request.split(separator: " ").drop { $0 != "token" }.dropFirst().first)
            #expect(response.contains("token \(token)"))
            #expect(!request.contains("DTLS"))
            // Stored too, as lwm2m_CoAP events of the device.
            #expect(await log.waitUntil {
                ((try? fixture.store.events(tenant: ref.tenant, deviceID: ref.id, limit: 200)) ?? [])
                    .contains { $0.type == "lwm2m_CoAP" && $0.text == request }
            })
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("VERBOSE before the bootstrap: the bootstrap server's writes and the device's answers are logged")
    func verboseBootstrap() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device("nosec_device", bootstrapURI: fixture.bootstrapURI)
        let ref = FleetFixture.nosec
        let log = fixture.log
        do {
            try await fixture.engine.setLogLevel(ref, .verbose)
            try await device.start()
            #expect(await log.waitUntil { !log.lifecycle("BootstrapEnd", endpoint: ref.id).isEmpty })
            let lines = Self.coapLines(log, ref)
            #expect(lines.contains { $0.hasPrefix("sent CON DELETE") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("sent CON PUT") && $0.contains("Uri-Path=0") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("received ACK 2.04 Changed") }, "\(lines)")
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("VERBOSE over DTLS: the decrypted request and answer are logged")
    func verboseOverDTLS() async throws {
        let fixture = try await FleetFixture()
        let device = FleetFixture.device(
            "psk_device", serverURI: fixture.serverDTLSURI, identity: FleetFixture.pskIdentity,
            key: try FleetFixture.key(FleetFixture.pskKeyHex))
        do {
            try await fixture.engine.setLogLevel(FleetFixture.psk, .verbose)
            try await device.start()
            let ref = FleetFixture.psk
            let log = fixture.log
            let read = try await fixture.run(ref, "read /3/0/0")
            #expect(read.status == .successful)
            #expect(await log.waitUntil { Self.coapLines(log, ref).contains { $0.hasPrefix("received ACK 2.05") } })
            let lines = Self.coapLines(log, ref)
            // The Register (logged once its peer is known) and its answer, then the read.
            #expect(lines.first?.hasPrefix("received CON POST") == true, "\(lines)")
            #expect(lines.first.map { $0.contains("Uri-Path=rd ") && $0.contains("Uri-Query=ep=psk_device&") } == true, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("sent ACK 2.01 Created") && $0.contains("Location-Path=rd/") }, "\(lines)")
            let request = try #require(lines.first { $0.hasPrefix("sent CON GET") && $0.contains("Uri-Path=3/0/0") }, "\(lines)")
            let response = try #require(lines.first { $0.hasPrefix("received ACK 2.05 Content") })
            #expect(Self.messageID(request) == Self.messageID(response))
            #expect(request.hasSuffix("[DTLS, decrypted]"))
            #expect(response.hasSuffix("[DTLS, decrypted]"))
            // An Update from the same peer is logged from its request on.
            try await device.update()
            #expect(await log.waitUntil { Self.coapLines(log, ref).contains { $0.hasPrefix("received CON POST") && $0.contains("Uri-Path=rd/") } })
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("NONE: no lifecycle event of the device is streamed or stored; operations still are; back to LIFECYCLE logs again")
    func noneSilences() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            // The Registration event is stored (write-behind) before counting.
            #expect(await log.waitUntil {
                ((try? fixture.store.events(tenant: ref.tenant, deviceID: ref.id, limit: 10)) ?? []).contains { $0.type == "lwm2m_Registration" }
            })
            try await fixture.engine.setLogLevel(ref, .none)
            let before = log.lifecycle.filter { $0.device == ref }.count
            let storedBefore = try fixture.store.events(tenant: ref.tenant, deviceID: ref.id, limit: 1000)
                .filter { $0.type != "lwm2m_Operation" }.count
            try await device.update()
            let read = try await fixture.run(ref, "read /3/0/0")
            #expect(read.status == .successful)
            try await Task.sleep(for: .milliseconds(300)) // two flushes: anything written would be there
            #expect(log.lifecycle.filter { $0.device == ref }.count == before)
            let stored = try fixture.store.events(tenant: ref.tenant, deviceID: ref.id, limit: 1000)
            #expect(stored.filter { $0.type != "lwm2m_Operation" }.count == storedBefore)
            #expect(stored.contains { $0.type == "lwm2m_Operation" && $0.text.contains("read /3/0/0") })

            try await fixture.engine.setLogLevel(ref, .lifecycle)
            try await device.update()
            #expect(await log.waitUntil { !log.lifecycle("RegistrationUpdate", endpoint: "nosec_device").isEmpty })
            #expect(Self.coapLines(log, ref).isEmpty, "LIFECYCLE logs no CoAP messages")
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("LIFECYCLE (default): Update and read give the usual events and no CoAP lines")
    func lifecycleUnchanged() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            #expect(await fixture.engine.logLevel(ref) == .lifecycle)
            try await device.update()
            #expect(await log.waitUntil { !log.lifecycle("RegistrationUpdate", endpoint: "nosec_device").isEmpty })
            #expect(try await fixture.run(ref, "read /3/0/0").status == .successful)
            #expect(log.lifecycle.filter { $0.device == ref }.map(\.type) == ["Registration", "RegistrationUpdate"])
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    @Test("a level written to the store by another process is picked up without a restart; `loglevel` as a shell text")
    func storeChangeAndShellText() async throws {
        let fixture = try await FleetFixture()
        let device = fixture.nosecDevice()
        do {
            try await device.start()
            let ref = FleetFixture.nosec
            let log = fixture.log
            // What `lwm2m-console devices log-level` does without a daemon: write the store.
            try fixture.store.setLogLevel(tenant: ref.tenant, id: ref.id, level: .verbose)
            #expect(await Self.eventually(within: .seconds(3)) { await fixture.engine.logLevel(ref) == .verbose })
            #expect(try await fixture.run(ref, "read /3/0/1").status == .successful)
            #expect(await log.waitUntil { Self.coapLines(log, ref).contains { $0.contains("Uri-Path=3/0/1") } })

            // `loglevel` through submit (the console's `:loglevel`, a daemon's control socket).
            let done = try await fixture.engine.submit(ref, text: "loglevel lifecycle")
            #expect(done.map(\.status) == [.successful])
            #expect(done.first?.resultLines == ["log level of nosec_device set to LIFECYCLE"])
            #expect(try fixture.store.logLevel(tenant: ref.tenant, id: ref.id) == .lifecycle)
            await #expect(throws: EngineError("loglevel needs one level: NONE, LIFECYCLE or VERBOSE")) {
                try await fixture.engine.submit(ref, text: "loglevel")
            }
            await #expect(throws: EngineError("unknown log level 'LOUD': use NONE, LIFECYCLE or VERBOSE")) {
                try await fixture.engine.submit(ref, text: "loglevel LOUD")
            }
            await #expect(throws: EngineError("line 3: loglevel changes the engine's logging, not the device: submit it on its own")) {
                try await fixture.engine.submit(ref, text: "read /3/0/0\n# then\nloglevel NONE")
            }
            #expect(try await fixture.engine.submit(ref, text: "# quiet now\nloglevel NONE").map(\.status) == [.successful])
            #expect(await fixture.engine.logLevel(ref) == DeviceLogLevel.none)
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown([device])
    }

    /// Waits (bounded, polling every 20 ms) until an async condition holds.
    static func eventually(within limit: Duration, _ condition: () async -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }
}
