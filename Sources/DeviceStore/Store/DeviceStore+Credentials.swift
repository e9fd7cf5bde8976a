import Foundation
import GRDB

extension DeviceStore {
    /// Deletes the stored credentials of device ID `deviceID` in `tenant` (they outlive the
    /// device; deleting them allows importing the ID again). Returns false when there were none.
    @discardableResult
    public func deleteCredentials(tenant: String, deviceID: String) throws -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM credentials WHERE tenant = ? AND device_id = ?", arguments: [tenant, deviceID])
            return db.changesCount > 0
        }
    }

    /// Whether `password` is the stored credential of `deviceID` in `tenant`.
    public func verifyCredentials(tenant: String, deviceID: String, password: String) throws -> Bool {
        let stored = try read { db in
            try Data.fetchOne(
                db, sql: "SELECT hash FROM credentials WHERE tenant = ? AND device_id = ?",
                arguments: [tenant, deviceID])
        }
        guard let stored else { return false }
        return hasher.matches(password: password, tenant: tenant, deviceID: deviceID, hash: stored)
    }

    /// Whether credentials are stored for `deviceID` in `tenant` (with or without a device).
    public func hasCredentials(tenant: String, deviceID: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM credentials WHERE tenant = ? AND device_id = ?", arguments: [tenant, deviceID])
                ?? false
        }
    }
}
