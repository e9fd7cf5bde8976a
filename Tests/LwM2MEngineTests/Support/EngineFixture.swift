import DeviceStore
import Foundation
import LwM2M
import NIOCore
import Testing
@testable import LwM2MEngine

/// A real engine on 127.0.0.1 with ephemeral ports over a real SQLite store in a temp dir,
/// seeded with a NO_SEC and a PSK device (the seed's example rows, with an ASCII PSK key).
final class EngineFixture: Sendable {
    let directory: String
    let store: DeviceStore
    let engine: LwM2MEngine
    let status: EngineStatus

    /// The PSK device's LwM2M identity and its key as ASCII text (for `coap-client-gnutls -k`).
    static let pskIdentity = "psk_device_lwm2m"
    static let pskKeyText = "secret-psk-key-1"
    static let bootstrapIdentity = "psk_device_bs"
    static let bootstrapKeyText = "secret-bs-key-22"

    static let header = "endpoint id;SHELL;lwm2m server uri;securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;awakeTimeRegistrationParameter;lwm2mRequestTimeout"

    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    static func row(_ id: String, psk: Bool = false, shell: Bool = true, awakeMs: Int? = nil, requestTimeoutMs: Int? = nil) -> String {
        let awake = awakeMs.map(String.init) ?? ""
        let timeout = requestTimeoutMs.map(String.init) ?? ""
        if psk {
            return "\(id);\(shell ? 1 : 0);coaps://127.0.0.1:5784;PSK;\(pskIdentity);\(hex(pskKeyText));\(bootstrapIdentity);\(hex(bootstrapKeyText));\(awake);\(timeout)"
        }
        return "\(id);\(shell ? 1 : 0);coap://127.0.0.1:5783;NO_SEC;;;;;\(awake);\(timeout)"
    }

    init(
        rows: [String] = [EngineFixture.row("nosec_device"), EngineFixture.row("psk_device", psk: true)],
        configure: (inout EngineConfiguration) -> Void = { _ in }
    ) async throws {
        directory = NSTemporaryDirectory() + "lwm2m-engine-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try DeviceStore(directory: directory)
        let csv = directory + "/devices.csv"
        try ([Self.header] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try BulkImporter(store: store).run(file: csv, options: ImportOptions()) { _ in }
        guard report.failed == 0 else { throw FixtureError("import failed: \(report.attentionRows)") }
        var configuration = Self.testConfiguration()
        configure(&configuration)
        engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        status = await engine.status()
    }

    /// Ephemeral ports on loopback and short timeouts, so tests run in seconds.
    static func testConfiguration() -> EngineConfiguration {
        var c = EngineConfiguration()
        c.bindAddress = "127.0.0.1"
        c.bootstrapPort = 0
        c.bootstrapDTLSPort = 0
        c.serverPort = 0
        c.serverDTLSPort = 0
        c.minimumRequestTimeout = .milliseconds(200)
        c.requestTimeout = .seconds(5)
        c.flushInterval = .milliseconds(50)
        c.housekeepingInterval = .milliseconds(50)
        c.bootstrapStepTimeout = .seconds(3)
        return c
    }

    func serverAddress(secure: Bool = false) throws -> SocketAddress {
        try SocketAddress(ipAddress: "127.0.0.1", port: secure ? status.serverDTLSPort : status.serverPort)
    }

    func bootstrapAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: "127.0.0.1", port: status.bootstrapPort)
    }

    func shutDown() async {
        await engine.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Waits (bounded) until `condition` holds, polling every 20 ms.
    static func eventually(
        within limit: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// A fixture that could not be set up.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
