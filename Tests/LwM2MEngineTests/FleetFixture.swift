import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// A real engine on 127.0.0.1 (ephemeral ports, real SQLite in a temp dir) whose devices are the
/// seed's example rows, imported through `BulkImporter` after the engine started so their
/// server URIs name the engine's real ports; the devices are real `SimulatedDevice`s.
final class FleetFixture: Sendable {
    let directory: String
    let store: DeviceStore
    let engine: LwM2MEngine
    let status: EngineStatus
    let log: FleetEventLog

    static let nosec = DeviceRef(tenant: DeviceStore.defaultTenant, id: "nosec_device")
    static let psk = DeviceRef(tenant: DeviceStore.defaultTenant, id: "psk_device")
    /// The seed's PSK credentials (hex keys as in the seed file).
    static let pskIdentity = "psk_device_lwm2m"
    static let pskKeyHex = "0123456789abcdef0123456789abcdef"
    static let bootstrapIdentity = "psk_device_bs"
    static let bootstrapKeyHex = "fedcba9876543210fedcba9876543210"
    /// The LwM2M PSK identity of the second tenant's duplicate `psk_device` (same key).
    static let duplicateIdentity = "psk_device_dup_lwm2m"

    /// The seed file's header, plus the awake time column for queue-mode tests.
    static let header = "ID;IDTYPE;CREDENTIALS;NAME;TYPE;SHELL;com_cumulocity_model_Agent;endpoint id;lwm2m server uri;securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;external-c8y_Lwm2mPskId;external-c8y_BootstrapPskId;awakeTimeRegistrationParameter"

    /// - Parameters:
    ///   - nosecAwakeMs: the NO_SEC row's awakeTimeRegistrationParameter (queue mode), if any.
    ///   - secondTenant: also imports both rows into tenant `other`, where they are duplicates.
    init(nosecAwakeMs: Int? = nil, secondTenant: Bool = false, configure: (inout EngineConfiguration) -> Void = { _ in }) async throws {
        directory = NSTemporaryDirectory() + "lwm2m-fleet-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try DeviceStore(directory: directory)
        var configuration = EngineFixture.testConfiguration()
        configure(&configuration)
        engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        status = await engine.status()
        log = await FleetEventLog(engine)

        let awake = nosecAwakeMs.map(String.init) ?? ""
        let rows = [
            "nosec_device;c8y_Id;Nosec-Passw0rd!;nosec_device;c8y_lwm2m;1;1;nosec_device;coap://127.0.0.1:\(status.serverPort);NO_SEC;;;;;;;\(awake)",
            "psk_device;c8y_Id;Psk-Passw0rd!42;psk_device;c8y_lwm2m;1;1;psk_device;coaps://127.0.0.1:\(status.serverDTLSPort);PSK;\(Self.pskIdentity);\(Self.pskKeyHex);\(Self.bootstrapIdentity);\(Self.bootstrapKeyHex);\(Self.pskIdentity);\(Self.bootstrapIdentity);",
        ]
        let csv = directory + "/seed.csv"
        try ([Self.header] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let report = try BulkImporter(store: store).run(file: csv, options: ImportOptions()) { _ in }
        guard report.failed == 0 else { throw FixtureError("seed import failed: \(report.attentionRows)") }
        if secondTenant {
            // The seed rows again under tenant `other`; the PSK row with its own identities,
            // since PSK ids are unique across tenants. Both endpoints are duplicates there.
            let duplicate = directory + "/duplicate.csv"
            let pskRow = rows[1]
                .replacingOccurrences(of: Self.pskIdentity, with: Self.duplicateIdentity)
                .replacingOccurrences(of: Self.bootstrapIdentity, with: "psk_device_dup_bs")
            try [Self.header, rows[0], pskRow].joined(separator: "\n").write(toFile: duplicate, atomically: true, encoding: .utf8)
            let second = try BulkImporter(store: store).run(file: duplicate, options: ImportOptions(tenant: "other")) { _ in }
            guard second.failed == 0 else { throw FixtureError("second-tenant import failed: \(second.attentionRows)") }
        }
        try await engine.reloadKeys()
    }

    var serverURI: String { "coap://127.0.0.1:\(status.serverPort)" }
    var serverDTLSURI: String { "coaps://127.0.0.1:\(status.serverDTLSPort)" }
    var bootstrapURI: String { "coap://127.0.0.1:\(status.bootstrapPort)" }
    var bootstrapDTLSURI: String { "coaps://127.0.0.1:\(status.bootstrapDTLSPort)" }

    static func key(_ hex: String) throws -> [UInt8] { try #require(HexBytes.decode(hex)) }

    /// A simulated device on loopback that never sends a scheduled Update on its own (tests
    /// call `update()`), with short request timeouts so refusals fail fast.
    static func device(
        _ endpoint: String, bootstrapURI: String? = nil, serverURI: String? = nil,
        identity: String? = nil, key: [UInt8]? = nil, configure: (inout SimulatedDeviceConfiguration) -> Void = { _ in }
    ) -> SimulatedDevice {
        var c = SimulatedDeviceConfiguration(endpoint: endpoint, bootstrapURI: bootstrapURI, serverURI: serverURI, pskIdentity: identity, pskKey: key)
        c.bindHost = "127.0.0.1"
        c.updateInterval = .seconds(3600)
        c.requestTimeout = .seconds(3)
        c.bootstrapTimeout = .seconds(5)
        c.notificationInterval = .milliseconds(100)
        configure(&c)
        return SimulatedDevice(c)
    }

    /// The NO_SEC seed device registering directly on the plain server port.
    func nosecDevice(configure: (inout SimulatedDeviceConfiguration) -> Void = { _ in }) -> SimulatedDevice {
        Self.device("nosec_device", serverURI: serverURI, configure: configure)
    }

    /// Submits one shell line and waits (bounded) for its operation to end.
    func run(_ ref: DeviceRef, _ line: String, within limit: Duration = .seconds(5)) async throws -> OperationSnapshot {
        let submitted = try await engine.submit(ref, text: line)
        let id = try #require(submitted.first?.id)
        return try #require(await log.operation(id, reaching: [.successful, .failed], within: limit), "'\(line)' did not end within \(limit)")
    }

    func shutDown(_ devices: [SimulatedDevice] = []) async {
        for device in devices { await device.stop() }
        await engine.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
