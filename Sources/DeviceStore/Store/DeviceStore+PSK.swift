import Foundation
import GRDB

extension DeviceStore {
    /// The device presenting PSK `identity` to the server of `role`, with its credential, or
    /// `nil`. Duplicate devices are never returned.
    public func device(pskIdentity identity: String, role: PSKRole) throws -> (device: Device, psk: PSKCredential)? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.deviceColumns), p.identity, p.key
                        FROM psk_keys p JOIN devices d ON d.rowid = p.device_rowid
                        WHERE p.role = ? AND p.identity = ? AND d.duplicate = 0
                        """,
                    arguments: [role.rawValue, identity])
            else { return nil }
            return (Self.decodeDevice(row), PSKCredential(identity: row[18], key: row[19]))
        }
    }

    /// The device found by its bootstrap PSK identity (`c8y_BootstrapPskId`), with the key.
    public func device(bootstrapPSKIdentity identity: String) throws -> (device: Device, psk: PSKCredential)? {
        try device(pskIdentity: identity, role: .bootstrap)
    }

    /// The device found by its LwM2M PSK identity (`c8y_Lwm2mPskId`), with the key.
    public func device(lwm2mPSKIdentity identity: String) throws -> (device: Device, psk: PSKCredential)? {
        try device(pskIdentity: identity, role: .lwm2m)
    }

    /// A snapshot of every served device's identity → key for `role`, for the DTLS layer's
    /// synchronous key callback. Take a new one after imports and edits (one indexed scan).
    public func pskKeyTable(role: PSKRole) throws -> PSKKeyTable {
        try read { db in
            var keys: [String: Data] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.identity, p.key FROM psk_keys p JOIN devices d ON d.rowid = p.device_rowid
                    WHERE p.role = ? AND d.duplicate = 0
                    """,
                arguments: [role.rawValue])
            while let row = try cursor.next() { keys[row[0]] = row[1] }
            return PSKKeyTable(role: role, keys: keys)
        }
    }
}
