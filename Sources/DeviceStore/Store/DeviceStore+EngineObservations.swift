import Foundation
import GRDB

extension DeviceStore {
    /// Applies observation changes in order, in one transaction. A change for a device that no
    /// longer exists is skipped (the device was deleted meanwhile).
    public func applyObservationChanges(_ changes: [EngineObservationChange]) throws {
        guard !changes.isEmpty else { return }
        try write { db in
            let save = try db.cachedStatement(sql: """
                INSERT INTO engine_observations (device_rowid, key, command, created_at)
                SELECT rowid, ?, ?, ? FROM devices WHERE tenant = ? AND id = ?
                ON CONFLICT (device_rowid, key) DO UPDATE SET command = excluded.command
                """)
            let remove = try db.cachedStatement(sql: """
                DELETE FROM engine_observations
                WHERE key = ? AND device_rowid = (SELECT rowid FROM devices WHERE tenant = ? AND id = ?)
                """)
            for change in changes {
                switch change {
                case .saved(let record):
                    try save.execute(arguments: [
                        record.key, record.command, Self.millis(record.createdAt), record.tenant, record.deviceID,
                    ])
                case .removed(let tenant, let deviceID, let key):
                    try remove.execute(arguments: [key, tenant, deviceID])
                }
            }
        }
    }

    /// Every stored observation, by device then key: what a restarted engine establishes again.
    public func engineObservations() throws -> [EngineObservationRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.tenant, d.id, o.key, o.command, o.created_at
                FROM engine_observations o JOIN devices d ON d.rowid = o.device_rowid
                ORDER BY d.tenant, d.id, o.key
                """
            ).map { row in
                EngineObservationRecord(
                    tenant: row[0], deviceID: row[1], key: row[2], command: row[3], createdAt: Self.date(row[4]))
            }
        }
    }
}
