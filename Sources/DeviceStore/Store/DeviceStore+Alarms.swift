import Foundation
import GRDB

extension DeviceStore {
    static let alarmColumns = """
        id, tenant, device_id, type, severity, status, text, count, first_raised_at, last_raised_at,
        acknowledged_at, cleared_at
        """

    static func decodeAlarm(_ row: Row) -> Alarm {
        Alarm(
            id: row[0], tenant: row[1], deviceID: row[2], type: row[3],
            severity: AlarmSeverity(rawValue: row[4]) ?? .major, status: AlarmStatus(rawValue: row[5]) ?? .active,
            text: row[6], count: row[7], firstRaisedAt: date(row[8]), lastRaisedAt: date(row[9]),
            acknowledgedAt: (row[10] as Int64?).map(date), clearedAt: (row[11] as Int64?).map(date))
    }

    /// Raises an alarm: opens one, or when an open alarm of that type exists on the device,
    /// bumps its count and takes the new severity and text (its status is kept).
    @discardableResult
    public func raiseAlarm(
        tenant: String, deviceID: String, type: String, severity: AlarmSeverity, text: String
    ) throws -> Alarm {
        let now = nowMillis
        return try write { db in
            try Self.raiseAlarm(
                db, tenant: tenant, deviceID: deviceID, type: type, severity: severity, text: text, now: now)
        }
    }

    static func raiseAlarm(
        _ db: Database, tenant: String, deviceID: String, type: String, severity: AlarmSeverity, text: String,
        now: Int64
    ) throws -> Alarm {
        try db.cachedStatement(
            sql: """
                INSERT INTO alarms (tenant, device_id, type, severity, severity_rank, status, text, count,
                                    first_raised_at, last_raised_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 'ACTIVE', ?6, 1, ?7, ?7)
                ON CONFLICT (tenant, device_id, type) WHERE status != 'CLEARED' DO UPDATE SET
                    count = count + 1, severity = excluded.severity, severity_rank = excluded.severity_rank,
                    text = excluded.text, last_raised_at = excluded.last_raised_at
                """
        ).execute(arguments: [tenant, deviceID, type, severity.rawValue, severity.rank, text, now])
        let row = try Row.fetchOne(
            db,
            sql: "SELECT \(alarmColumns) FROM alarms WHERE tenant = ? AND device_id = ? AND type = ? AND status != 'CLEARED'",
            arguments: [tenant, deviceID, type])
        guard let row else { throw StoreError("the alarm just raised on \(deviceID) could not be read back") }
        return decodeAlarm(row)
    }

    /// The alarm with number `id`, or `nil`.
    public func alarm(id: Int64) throws -> Alarm? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.alarmColumns) FROM alarms WHERE id = ?", arguments: [id])
                .map(Self.decodeAlarm)
        }
    }

    /// Acknowledges alarm `id` (only an ACTIVE one changes). Throws when there is no such alarm.
    @discardableResult
    public func acknowledgeAlarm(id: Int64) throws -> Alarm {
        let now = nowMillis
        try write { db in
            try db.execute(
                sql: "UPDATE alarms SET status = 'ACKNOWLEDGED', acknowledged_at = ? WHERE id = ? AND status = 'ACTIVE'",
                arguments: [now, id])
        }
        guard let alarm = try alarm(id: id) else { throw StoreError("no alarm with ID \(id)") }
        return alarm
    }

    /// Clears alarm `id` (a later raise of its type opens a new alarm). Throws when there is none.
    @discardableResult
    public func clearAlarm(id: Int64) throws -> Alarm {
        let now = nowMillis
        try write { db in
            try db.execute(
                sql: "UPDATE alarms SET status = 'CLEARED', cleared_at = ? WHERE id = ? AND status != 'CLEARED'",
                arguments: [now, id])
        }
        guard let alarm = try alarm(id: id) else { throw StoreError("no alarm with ID \(id)") }
        return alarm
    }

    /// Clears the open alarm of `type` on a device, if any (e.g. the device is available again).
    /// Returns whether one was cleared.
    @discardableResult
    public func clearAlarm(tenant: String, deviceID: String, type: String) throws -> Bool {
        let now = nowMillis
        return try write { db in
            try db.execute(
                sql: """
                    UPDATE alarms SET status = 'CLEARED', cleared_at = ?
                    WHERE tenant = ? AND device_id = ? AND type = ? AND status != 'CLEARED'
                    """,
                arguments: [now, tenant, deviceID, type])
            return db.changesCount > 0
        }
    }

    /// Alarms with one of `statuses`, most severe first, then newest first; at most `limit`.
    public func alarms(
        statuses: Set<AlarmStatus> = [.active, .acknowledged], tenant: String? = nil, limit: Int = 1000
    ) throws -> [Alarm] {
        let statusList = statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        guard !statusList.isEmpty else { return [] }
        var sql = "SELECT \(Self.alarmColumns) FROM alarms WHERE status IN (\(statusList))"
        var arguments = StatementArguments()
        if let tenant {
            sql += " AND tenant = ?"
            arguments += [tenant]
        }
        sql += " ORDER BY severity_rank, last_raised_at DESC, id DESC LIMIT ?"
        arguments += [max(0, limit)]
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.decodeAlarm) }
    }

    /// Open (active or acknowledged) alarms per severity.
    public func alarmCounts() throws -> AlarmCounts {
        try read { db in
            var counts: [AlarmSeverity: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT severity, COUNT(*) FROM alarms WHERE status != 'CLEARED' GROUP BY severity")
            {
                if let severity = AlarmSeverity(rawValue: row[0]) { counts[severity] = row[1] }
            }
            return AlarmCounts(bySeverity: counts)
        }
    }
}
