import GRDB

/// The statements every imported row runs, prepared once per import on the writer connection
/// (see `DirectStatement`). Dropped inside the write block, so they are finalized on the
/// connection's own queue.
struct ImportStatements {
    /// Does the device exist (rowid, import, line) and are there leftover credentials.
    let existing: DirectStatement
    /// Devices with the same endpoint, in any tenant.
    let endpointOwners: DirectStatement
    /// The device holding an LwM2M PSK identity (one unique-index lookup).
    let lwm2mPSKOwner: DirectStatement
    /// The device holding a bootstrap PSK identity (one unique-index lookup).
    let bootstrapPSKOwner: DirectStatement
    /// Inserts a new device row.
    let insertDevice: DirectStatement
    /// Writes a device's bootstrap parameters.
    let insertBootstrap: DirectStatement
    /// Inserts both PSK keys of a device.
    let insertPSKPair: DirectStatement
    /// Stores a device's credential hash.
    let upsertCredential: DirectStatement

    init(_ db: Database) throws {
        existing = try DirectStatement(
            db,
            sql: """
                SELECT d.rowid, d.import_id, d.import_line,
                       EXISTS (SELECT 1 FROM credentials c WHERE c.tenant = ?1 AND c.device_id = ?2)
                FROM (SELECT 1) LEFT JOIN devices d ON d.tenant = ?1 AND d.id = ?2
                """)
        endpointOwners = try DirectStatement(
            db,
            sql: """
                SELECT tenant, id, import_id, import_line, duplicate FROM devices
                WHERE endpoint COLLATE NOCASE = ?1 AND endpoint = ?1
                """)
        // Two point lookups instead of one `… OR … ORDER BY role`: that form made SQLite build
        // and sort a temporary table for every row.
        let pskOwner = """
            SELECT d.tenant, d.id, d.import_id, d.import_line FROM psk_keys p
            JOIN devices d ON d.rowid = p.device_rowid
            WHERE p.role = ?1 AND p.identity = ?2
            """
        lwm2mPSKOwner = try DirectStatement(db, sql: pskOwner)
        bootstrapPSKOwner = try DirectStatement(db, sql: pskOwner)
        insertDevice = try DirectStatement(
            db,
            sql: """
                INSERT INTO devices (name, type, owner, shell, agent, endpoint, security_mode,
                    fw_delivery_method, fw_supported_protocol, fw_reset_mechanism, fw_url, duplicate,
                    updated_at, import_id, import_line, created_at, tenant, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        insertBootstrap = try DirectStatement(db, sql: DeviceStore.upsertBootstrapSQL)
        insertPSKPair = try DirectStatement(
            db,
            sql: """
                INSERT INTO psk_keys (device_rowid, role, identity, key)
                VALUES (?1, 'lwm2m', ?2, ?3), (?1, 'bootstrap', ?4, ?5)
                """)
        upsertCredential = try DirectStatement(
            db,
            sql: """
                INSERT INTO credentials (tenant, device_id, hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
                ON CONFLICT (tenant, device_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
                """)
    }
}
