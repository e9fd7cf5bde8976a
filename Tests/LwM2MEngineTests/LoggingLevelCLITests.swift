import DeviceStore
import Foundation
import Testing
@testable import LwM2MEngine

/// `lwm2m-console devices log-level` as the real binary, against a store an engine is running
/// on: without a daemon it writes the store (the engine picks it up), with one it goes through
/// the control socket (in effect at once).
@Suite("Logging: `devices log-level` CLI", .serialized, .timeLimit(.minutes(2)))
struct LoggingLevelCLITests {
    @Test("without a daemon: set, show, refused level and unknown device; a running engine picks the change up")
    func withoutDaemon() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ControlSocketCLITests.binaryPath), "run `swift build` first")
        let fixture = try await FleetFixture()
        let data = ["--data-dir", fixture.directory]
        do {
            let set = try await ControlSocketCLITests.run(["devices", "log-level", "nosec_device", "verbose"] + data)
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout == "Log level of 'nosec_device' set to VERBOSE.\n")
            #expect(try fixture.store.logLevel(tenant: DeviceStore.defaultTenant, id: "nosec_device") == .verbose)
            // The engine (here as in a console that embeds it) re-reads the store every second.
            #expect(await LoggingLevelTests.eventually(within: .seconds(3)) {
                await fixture.engine.logLevel(FleetFixture.nosec) == .verbose
            })

            let shown = try await ControlSocketCLITests.run(["devices", "log-level", "nosec_device"] + data)
            #expect(shown.status == 0)
            #expect(shown.stdout == "nosec_device: VERBOSE\n")
            let other = try await ControlSocketCLITests.run(["devices", "log-level", "psk_device"] + data)
            #expect(other.stdout == "psk_device: LIFECYCLE\n")

            let loud = try await ControlSocketCLITests.run(["devices", "log-level", "nosec_device", "LOUD"] + data)
            #expect(loud.status == 1)
            #expect(loud.stderr == "error: unknown log level 'LOUD': use NONE, LIFECYCLE or VERBOSE\n")
            let ghost = try await ControlSocketCLITests.run(["devices", "log-level", "ghost", "NONE"] + data)
            #expect(ghost.status == 1)
            #expect(ghost.stderr == "error: no device 'ghost' in tenant t-default\n")
            #expect(try fixture.store.logLevel(tenant: DeviceStore.defaultTenant, id: "nosec_device") == .verbose)
        } catch {
            Issue.record("\(error)")
        }
        await fixture.shutDown()
    }

    @Test("with a daemon: the change goes through the engine and is in effect when the command returns")
    func throughDaemon() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ControlSocketCLITests.binaryPath), "run `swift build` first")
        let fixture = try await FleetFixture()
        let server = try await ControlServer.start(dataDirectory: fixture.directory, engine: fixture.engine)
        do {
            let set = try await ControlSocketCLITests.run(["devices", "log-level", "psk_device", "NONE", "--data-dir", fixture.directory])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout == "Log level of 'psk_device' set to NONE (in effect now in the running engine).\n")
            #expect(await fixture.engine.logLevel(FleetFixture.psk) == DeviceLogLevel.none)
            #expect(try fixture.store.logLevel(tenant: DeviceStore.defaultTenant, id: "psk_device") == DeviceLogLevel.none)
            let history = try await fixture.engine.operations(FleetFixture.psk, limit: 5)
            #expect(history.first?.line == "loglevel NONE")
            #expect(history.first?.status == .successful)
        } catch {
            Issue.record("\(error)")
        }
        await server.stop()
        await fixture.shutDown()
    }
}
