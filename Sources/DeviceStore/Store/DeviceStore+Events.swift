import Foundation
import GRDB

extension DeviceStore {
    /// Appends events in one transaction (the engine batches them: one fsync per batch).
    /// Returns the stored events with their IDs.
    @discardableResult
    public func appendEvents(_ events: [DeviceEvent]) throws -> [DeviceEvent] {
        guard !events.isEmpty else { return [] }
        return try write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO events (tenant, device_id, type, text, time) VALUES (?, ?, ?, ?, ?)")
            return try events.map { event in
                try statement.execute(
                    arguments: [event.tenant, event.deviceID, event.type, event.text, Self.millis(event.time)])
                var stored = event
                stored.id = db.lastInsertedRowID
                return stored
            }
        }
    }

    /// Appends one event.
    @discardableResult
    public func appendEvent(_ event: DeviceEvent) throws -> DeviceEvent {
        try appendEvents([event])[0]
    }

    /// The newest events of a device, newest first; `beforeID` pages back through older ones.
    public func events(tenant: String, deviceID: String, limit: Int = 100, beforeID: Int64? = nil) throws
        -> [DeviceEvent]
    {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, tenant, device_id, type, text, time FROM events
                    WHERE tenant = ? AND device_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [tenant, deviceID, beforeID ?? Int64.max, max(0, limit)]
            ).map {
                DeviceEvent(id: $0[0], tenant: $0[1], deviceID: $0[2], type: $0[3], text: $0[4], time: Self.date($0[5]))
            }
        }
    }
}
