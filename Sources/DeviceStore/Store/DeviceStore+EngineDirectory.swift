import Foundation
import GRDB

/// A served device with its bootstrap parameters, as the engine's in-memory directory holds it.
public struct EngineDirectoryEntry: Sendable, Equatable {
    /// The device.
    public var device: Device
    /// Its bootstrap parameters (defaults when none are stored).
    public var bootstrap: BootstrapParameters

    /// Creates an entry.
    public init(device: Device, bootstrap: BootstrapParameters) {
        self.device = device
        self.bootstrap = bootstrap
    }
}

extension DeviceStore {
    /// Every served (non-duplicate) device with its bootstrap parameters, in one query: what the
    /// engine loads so a Register needs no store read.
    public func engineDirectory() throws -> [EngineDirectoryEntry] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(Self.deviceColumns),
                       b.lwm2m_server_uri, b.bootstrap_security_mode, b.awake_time_ms, b.server_public_key,
                       b.generate_bootstrap_server_config, b.security_instance_offset, b.bootstrap_short_server_id,
                       b.lwm2m_short_server_id, b.registration_lifetime, b.default_minimum_period,
                       b.default_maximum_period, b.binding_mode, b.notification_if_disabled, b.disable_timeout,
                       b.binary_delivery_encoding, b.serialization_format, b.lwm2m_request_timeout_ms,
                       b.device_rowid
                FROM devices d LEFT JOIN bootstrap_parameters b ON b.device_rowid = d.rowid
                WHERE d.duplicate = 0
                """)
            var entries: [EngineDirectoryEntry] = []
            while let row = try rows.next() {
                let device = Self.decodeDevice(row)
                let o = 18
                var p = BootstrapParameters() // what `bootstrapParameters(tenant:id:)` gives without a row
                if (row[o + 17] as Int64?) != nil {
                    p = BootstrapParameters(bootstrapSecurityMode: SecurityMode(rawValue: row[o + 1]) ?? .noSec)
                    p.lwm2mServerURI = row[o]
                    p.awakeTimeMs = row[o + 2]
                    p.serverPublicKey = row[o + 3]
                    p.generateBootstrapServerConfig = row[o + 4]
                    p.securityInstanceOffset = row[o + 5]
                    p.bootstrapShortServerID = row[o + 6]
                    p.lwm2mShortServerID = row[o + 7]
                    p.registrationLifetime = row[o + 8]
                    p.defaultMinimumPeriod = row[o + 9]
                    p.defaultMaximumPeriod = row[o + 10]
                    p.bindingMode = row[o + 11]
                    p.notificationIfDisabled = row[o + 12]
                    p.disableTimeout = row[o + 13]
                    p.binaryDeliveryEncoding = row[o + 14]
                    p.serializationFormat = row[o + 15]
                    p.lwm2mRequestTimeoutMs = row[o + 16]
                }
                entries.append(EngineDirectoryEntry(device: device, bootstrap: p))
            }
            return entries
        }
    }
}
