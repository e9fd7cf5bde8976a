import GRDB

/// The phase an open firmware-update job reached, kept across engine restarts.
extension DeviceStore {
    /// Records (or with nil forgets) the phase of operation `operation`'s firmware job.
    public func setFirmwareJobPhase(operation: Int64, _ phase: String?) throws {
        let now = nowMillis
        try write { db in
            if let phase {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO firmware_job_phase (operation_id, phase, updated_at) VALUES (?, ?, ?)",
                    arguments: [operation, phase, now])
            } else {
                try db.execute(sql: "DELETE FROM firmware_job_phase WHERE operation_id = ?", arguments: [operation])
            }
        }
    }

    /// The phase recorded for operation `operation`'s firmware job, if any.
    public func firmwareJobPhase(operation: Int64) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT phase FROM firmware_job_phase WHERE operation_id = ?", arguments: [operation])
        }
    }
}
