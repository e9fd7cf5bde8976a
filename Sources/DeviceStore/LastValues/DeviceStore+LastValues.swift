import Foundation
import GRDB
import LwM2M

extension DeviceStore {
    /// Writes last values (insert or overwrite per device and path) in one transaction. A value
    /// for a device that no longer exists is skipped (deleted meanwhile); an older value never
    /// replaces a newer one.
    public func applyLastValues(_ records: [LastValueRecord]) throws {
        guard !records.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO last_values (device_rowid, path, type, value, rendered, source, reported_at)
                SELECT rowid, ?, ?, ?, ?, ?, ? FROM devices WHERE tenant = ? AND id = ?
                ON CONFLICT (device_rowid, path) DO UPDATE SET type = excluded.type, value = excluded.value,
                    rendered = excluded.rendered, source = excluded.source, reported_at = excluded.reported_at
                WHERE excluded.reported_at >= last_values.reported_at
                """)
            for record in records {
                let value = record.lastValue.value
                let bytes = Self.encodeLastValue(value, at: record.path)
                try upsert.execute(arguments: [
                    record.path.description, value.type.rawValue, Data(bytes), record.rendered,
                    record.lastValue.source.rawValue, Self.millis(record.lastValue.reportedAt),
                    record.tenant, record.deviceID,
                ])
            }
        }
    }

    /// A device's last values in path order. A row that no longer decodes (edited by hand) is
    /// skipped rather than failing the whole device.
    public func lastValues(tenant: String, deviceID: String) throws -> [LastValueRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.path, v.type, v.value, v.rendered, v.source, v.reported_at
                FROM last_values v JOIN devices d ON d.rowid = v.device_rowid
                WHERE d.tenant = ? AND d.id = ?
                """, arguments: [tenant, deviceID]
            ).compactMap { row -> LastValueRecord? in
                let pathText: String = row[0]
                guard let path = try? LwM2MPath(parsing: pathText), path.level >= .resource,
                      let type = ResourceType(rawValue: row[1]), let source = LastValueSource(rawValue: row[4]),
                      let value = Self.decodeLastValue([UInt8](row[2] as Data), type: type, at: path) else { return nil }
                return LastValueRecord(
                    tenant: tenant, deviceID: deviceID, path: path,
                    lastValue: LastValue(value: value, reportedAt: Self.date(row[5]), source: source), rendered: row[3])
            }.sorted { $0.path < $1.path }
        }
    }

    /// The value as single-value CBOR: compact, typed, and decoded back with the stored type.
    static func encodeLastValue(_ value: ResourceValue, at path: LwM2MPath) -> [UInt8] {
        (try? LwM2MCodec.encode(LwM2MNodes([path: value]), format: .cbor, path: path)) ?? []
    }

    /// The stored CBOR bytes back as a value of `type`; nil when they do not decode.
    static func decodeLastValue(_ bytes: [UInt8], type: ResourceType, at path: LwM2MPath) -> ResourceValue? {
        try? LwM2MCodec.decode(bytes, format: .cbor, path: path, types: { _ in type }).values[path]
    }
}
