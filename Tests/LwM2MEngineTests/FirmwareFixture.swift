import DeviceSimulator
import DeviceStore
import Foundation
import LwM2M
import Testing
@testable import LwM2MEngine

/// A real engine with the seed's two devices plus the firmware columns (SPEC §2): the NO_SEC
/// device gets PUSH, the PSK device PULL unless a test says otherwise.
final class FirmwareFixture: Sendable {
    let fleet: FleetFixture
    var engine: LwM2MEngine { fleet.engine }
    var store: DeviceStore { fleet.store }
    var log: FleetEventLog { fleet.log }

    static let nosec = FleetFixture.nosec
    static let psk = FleetFixture.psk

    /// - Parameters:
    ///   - nosecMethod/pskMethod: `fwUpdateDeliveryMethod` of each device.
    ///   - nosecAwakeMs: queue mode for the NO_SEC device.
    ///   - configure: engine settings (e.g. `maxConcurrentFirmwareJobs`).
    init(
        nosecMethod: String = "PUSH", pskMethod: String = "PULL", nosecAwakeMs: Int? = nil,
        configure: (inout EngineConfiguration) -> Void = { _ in }
    ) async throws {
        fleet = try await FleetFixture(nosecAwakeMs: nosecAwakeMs, configure: configure)
        // The firmware columns, written the way a re-import would.
        for (ref, method) in [(Self.nosec, nosecMethod), (Self.psk, pskMethod)] {
            try store.setFirmwareSettings(tenant: ref.tenant, id: ref.id, FirmwareSettings(deliveryMethod: method, resetMechanism: "PACKAGE"))
        }
    }

    /// The bytes of a simulator-checkable image (header with size and SHA-256).
    static func image(name: String, version: String, bodySize: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let body = (0..<bodySize).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return SimulatedFirmwareImage.make(name: name, version: version, body: body)
    }

    func run(_ ref: DeviceRef, _ line: String, within limit: Duration = .seconds(30)) async throws -> OperationSnapshot {
        try await fleet.run(ref, line, within: limit)
    }

    func shutDown(_ devices: [SimulatedDevice] = []) async { await fleet.shutDown(devices) }
}
