import Foundation
import GRDB

extension DeviceStore {
    /// Sets a device's log level; LIFECYCLE removes its row. Returns false when there is no such device.
    @discardableResult
    public func setLogLevel(tenant: String, id: String, level: DeviceLogLevel) throws -> Bool {
        let now = nowMillis
        return try write { db in
            guard let rowid = try Int64.fetchOne(
                db, sql: "SELECT rowid FROM devices WHERE tenant = ? AND id = ?", arguments: [tenant, id])
            else { return false }
            if level == .default {
                try db.execute(sql: "DELETE FROM device_log_levels WHERE device_rowid = ?", arguments: [rowid])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO device_log_levels (device_rowid, level, changed_at) VALUES (?, ?, ?)
                        ON CONFLICT (device_rowid) DO UPDATE SET level = excluded.level, changed_at = excluded.changed_at
                        """,
                    arguments: [rowid, level.rawValue, now])
            }
            return true
        }
    }

    /// A device's log level (LIFECYCLE when never changed); nil when there is no such device.
    public func logLevel(tenant: String, id: String) throws -> DeviceLogLevel? {
        try read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT l.level FROM devices d LEFT JOIN device_log_levels l ON l.device_rowid = d.rowid
                    WHERE d.tenant = ? AND d.id = ?
                    """,
                arguments: [tenant, id])
            else { return nil }
            let text: String? = row[0]
            return text.flatMap(DeviceLogLevel.init(rawValue:)) ?? .default
        }
    }

    /// Every device whose level is not LIFECYCLE (a small table the engine re-reads every second).
    public func nonDefaultLogLevels() throws -> [DeviceLogLevelEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.tenant, d.id, l.level FROM device_log_levels l JOIN devices d ON d.rowid = l.device_rowid
                    """
            ).compactMap { row in
                // A level written by a newer version is read as the default rather than failing the load.
                guard let level = DeviceLogLevel(rawValue: row[2]) else { return nil }
                return DeviceLogLevelEntry(tenant: row[0], deviceID: row[1], level: level)
            }
        }
    }
}
