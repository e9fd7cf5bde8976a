public import Foundation
import GRDB

/// One row of the `operations` table as the engine writes and reads it.
public struct EngineOperationRecord: Sendable, Equatable {
    /// The operation ID (the row ID).
    public var id: Int64
    /// The device's tenant.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// The shell line.
    public var command: String
    /// PENDING, EXECUTING, SUCCESSFUL or FAILED.
    public var status: String
    /// The timeout of each attempt in ms.
    public var timeoutMs: Int?
    /// The engine's full record of the operation (JSON), including the decoded result.
    public var result: String?
    /// Why it failed, when FAILED.
    public var failureReason: String?
    /// When it was submitted.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a record.
    public init(
        id: Int64, tenant: String, deviceID: String, command: String, status: String, timeoutMs: Int?,
        result: String?, failureReason: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.tenant = tenant
        self.deviceID = deviceID
        self.command = command
        self.status = status
        self.timeoutMs = timeoutMs
        self.result = result
        self.failureReason = failureReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A device's connection state change, written in a batch by the engine.
public struct EngineConnectionChange: Sendable, Equatable {
    /// The device's tenant.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// The new state.
    public var state: ConnectionState
    /// When the engine last heard from the device.
    public var lastSeen: Date?

    /// Creates a change.
    public init(tenant: String, deviceID: String, state: ConnectionState, lastSeen: Date?) {
        self.tenant = tenant
        self.deviceID = deviceID
        self.state = state
        self.lastSeen = lastSeen
    }
}

extension DeviceStore {
    /// Writes one engine batch in a single transaction: operation rows (inserted or replaced),
    /// connection states and events. The engine calls this off its hot path every few hundred ms,
    /// so a registration storm costs one transaction per interval, not one per device.
    public func applyEngineBatch(
        operations: [EngineOperationRecord], connections: [EngineConnectionChange], events: [DeviceEvent]
    ) throws {
        guard !operations.isEmpty || !connections.isEmpty || !events.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO operations (id, tenant, device_id, command, status, timeout_ms, result, failure_reason,
                                        created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, timeout_ms = excluded.timeout_ms,
                    result = excluded.result, failure_reason = excluded.failure_reason, updated_at = excluded.updated_at
                """)
            for op in operations {
                try upsert.execute(arguments: [
                    op.id, op.tenant, op.deviceID, op.command, op.status, op.timeoutMs, op.result, op.failureReason,
                    Self.millis(op.createdAt), Self.millis(op.updatedAt),
                ])
            }
            let state = try db.cachedStatement(
                sql: "UPDATE devices SET connection_state = ?, last_seen = ? WHERE tenant = ? AND id = ?")
            for change in connections {
                try state.execute(arguments: [
                    change.state.rawValue, change.lastSeen.map(Self.millis), change.tenant, change.deviceID,
                ])
            }
            let event = try db.cachedStatement(
                sql: "INSERT INTO events (tenant, device_id, type, text, time) VALUES (?, ?, ?, ?, ?)")
            for e in events {
                try event.execute(arguments: [e.tenant, e.deviceID, e.type, e.text, Self.millis(e.time)])
            }
        }
    }

    /// The newest operations of a device, newest first.
    public func engineOperations(tenant: String, deviceID: String, limit: Int) throws -> [EngineOperationRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, tenant, device_id, command, status, timeout_ms, result, failure_reason, created_at, updated_at
                FROM operations WHERE tenant = ? AND device_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [tenant, deviceID, max(0, limit)]).map(Self.decodeOperation)
        }
    }

    /// Operations that were not finished (PENDING or EXECUTING), oldest first: what a restarted
    /// engine queues again.
    public func unfinishedEngineOperations() throws -> [EngineOperationRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, tenant, device_id, command, status, timeout_ms, result, failure_reason, created_at, updated_at
                FROM operations WHERE status IN ('PENDING', 'EXECUTING') ORDER BY id
                """).map(Self.decodeOperation)
        }
    }

    /// The largest operation ID ever stored (0 when none), so new IDs never repeat.
    public func maxEngineOperationID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM operations") ?? 0 }
    }

    private static func decodeOperation(_ row: Row) -> EngineOperationRecord {
        EngineOperationRecord(
            id: row[0], tenant: row[1], deviceID: row[2], command: row[3], status: row[4], timeoutMs: row[5],
            result: row[6], failureReason: row[7],
            createdAt: Date(timeIntervalSince1970: Double(row[8] as Int64) / 1000),
            updatedAt: Date(timeIntervalSince1970: Double(row[9] as Int64) / 1000))
    }
}
