import GRDB

/// The database schema as a list of versioned migrations. Never edit a shipped migration: append
/// a new one (GRDB records which ran in `grdb_migrations`).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: inventory, credentials, alarms, events, operations", migrate: v1)
        migrator.registerMigration("v2: firmware repository", migrate: v2FirmwareRepository)
        migrator.registerMigration("v3: device log level and observations", migrate: v3)
        migrator.registerMigration("v4: firmware job phase", migrate: v4FirmwareJobPhase)
        migrator.registerMigration("v5: last values", migrate: v5LastValues)
        return migrator
    }

    /// Times are integer milliseconds since 1970 (compact, fast to compare and index).
    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE tenants (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- One row per bulk import; devices remember which import touched them last so the
                -- importer finds duplicates inside one file without keeping the file in memory.
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    file TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    all_rows INTEGER NOT NULL DEFAULT 0,
                    created INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0,
                    failed INTEGER NOT NULL DEFAULT 0,
                    warnings INTEGER NOT NULL DEFAULT 0
                );

                CREATE TABLE devices (
                    rowid INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL REFERENCES tenants(id),
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    shell INTEGER NOT NULL,
                    agent INTEGER NOT NULL,
                    endpoint TEXT NOT NULL,
                    security_mode TEXT NOT NULL,
                    fw_delivery_method TEXT,
                    fw_supported_protocol TEXT,
                    fw_reset_mechanism TEXT,
                    fw_url TEXT,
                    connection_state TEXT NOT NULL DEFAULT 'never seen',
                    last_seen INTEGER,
                    duplicate INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    import_id INTEGER,
                    import_line INTEGER,
                    UNIQUE (tenant, id)
                );
                -- Console queries: prefix filter (case-insensitive) on ID, endpoint, name, sorted
                -- and paged. Per-tenant queries use the same indexes and filter on tenant (few
                -- tenants, many devices); more indexes would slow every import row down.
                CREATE INDEX devices_id_nocase ON devices (id COLLATE NOCASE);
                CREATE INDEX devices_name_nocase ON devices (name COLLATE NOCASE);
                CREATE INDEX devices_endpoint_nocase ON devices (endpoint COLLATE NOCASE);

                CREATE TABLE bootstrap_parameters (
                    device_rowid INTEGER PRIMARY KEY REFERENCES devices(rowid) ON DELETE CASCADE,
                    lwm2m_server_uri TEXT,
                    bootstrap_security_mode TEXT NOT NULL,
                    awake_time_ms INTEGER,
                    server_public_key TEXT,
                    generate_bootstrap_server_config INTEGER NOT NULL,
                    security_instance_offset INTEGER NOT NULL,
                    bootstrap_short_server_id INTEGER NOT NULL,
                    lwm2m_short_server_id INTEGER NOT NULL,
                    registration_lifetime INTEGER,
                    default_minimum_period INTEGER,
                    default_maximum_period INTEGER,
                    binding_mode TEXT NOT NULL,
                    notification_if_disabled INTEGER,
                    disable_timeout INTEGER,
                    binary_delivery_encoding TEXT NOT NULL,
                    serialization_format TEXT,
                    lwm2m_request_timeout_ms INTEGER
                );

                -- PSK identities are unique per server role across all tenants (SPEC §2).
                CREATE TABLE psk_keys (
                    device_rowid INTEGER NOT NULL REFERENCES devices(rowid) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    key BLOB NOT NULL,
                    PRIMARY KEY (device_rowid, role)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX psk_keys_identity ON psk_keys (role, identity);

                -- External IDs other than the derived ones (c8y_Id = device ID, the PSK id types =
                -- psk_keys identities): the `external-<type>` CSV columns. Unique per type.
                CREATE TABLE external_ids (
                    type TEXT NOT NULL,
                    value TEXT NOT NULL,
                    device_rowid INTEGER NOT NULL REFERENCES devices(rowid) ON DELETE CASCADE,
                    PRIMARY KEY (type, value)
                ) WITHOUT ROWID;
                CREATE INDEX external_ids_device ON external_ids (device_rowid);

                CREATE TABLE custom_properties (
                    device_rowid INTEGER NOT NULL REFERENCES devices(rowid) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (device_rowid, name)
                ) WITHOUT ROWID;

                -- Credentials outlive their device (SPEC §1): keyed by (tenant, ID), no foreign key.
                CREATE TABLE credentials (
                    tenant TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    hash BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant, device_id)
                ) WITHOUT ROWID;

                CREATE TABLE alarms (
                    id INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    severity_rank INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    text TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    first_raised_at INTEGER NOT NULL,
                    last_raised_at INTEGER NOT NULL,
                    acknowledged_at INTEGER,
                    cleared_at INTEGER
                );
                -- One open alarm per (device, type); cleared ones are history.
                CREATE UNIQUE INDEX alarms_open ON alarms (tenant, device_id, type) WHERE status != 'CLEARED';
                CREATE INDEX alarms_by_severity ON alarms (status, severity_rank, last_raised_at);
                CREATE INDEX alarms_by_device ON alarms (tenant, device_id);

                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    text TEXT NOT NULL,
                    time INTEGER NOT NULL
                );
                CREATE INDEX events_by_device ON events (tenant, device_id, id);

                -- Shell operations (filled by the engine; issue 2 only creates the table).
                CREATE TABLE operations (
                    id INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    command TEXT NOT NULL,
                    status TEXT NOT NULL,
                    timeout_ms INTEGER,
                    result TEXT,
                    failure_reason TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX operations_by_device ON operations (tenant, device_id, id);
                CREATE INDEX operations_by_status ON operations (status, id);
                """)
    }

    /// The firmware repository (SPEC §8): one row per (name, version) with the image as a BLOB,
    /// so an image and its metadata are written in one transaction and backed up with the
    /// database (no orphan files in the data directory).
    private static func v2FirmwareRepository(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A rowid table: SQLite advises against WITHOUT ROWID for rows holding large BLOBs.
                CREATE TABLE firmware (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    image BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (name, version)
                );
                """)
    }

    /// Per-device log level (only devices not at the default LIFECYCLE have a row) and the
    /// engine's active observations, so both survive an engine restart. Both go with the device.
    private static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE device_log_levels (
                    device_rowid INTEGER PRIMARY KEY REFERENCES devices(rowid) ON DELETE CASCADE,
                    level TEXT NOT NULL,
                    changed_at INTEGER NOT NULL
                );

                CREATE TABLE engine_observations (
                    device_rowid INTEGER NOT NULL REFERENCES devices(rowid) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    command TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (device_rowid, key)
                ) WITHOUT ROWID;
                """)
    }

    /// How far each open firmware job got (`delivered`, `updating`), so a job resumed after an
    /// engine restart does not send the image again. One row per operation while it is open.
    private static func v4FirmwareJobPhase(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE firmware_job_phase (
                    operation_id INTEGER PRIMARY KEY NOT NULL,
                    phase TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                """)
    }

    /// The last known value per device and resource path (SPEC §6), written by the engine's
    /// write-behind batches and removed with the device. `value` is single-value CBOR decoded with
    /// `type`; `rendered` is the text the console shows.
    private static func v5LastValues(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE last_values (
                    device_rowid INTEGER NOT NULL REFERENCES devices(rowid) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    type TEXT NOT NULL,
                    value BLOB NOT NULL,
                    rendered TEXT NOT NULL,
                    source TEXT NOT NULL,
                    reported_at INTEGER NOT NULL,
                    PRIMARY KEY (device_rowid, path)
                ) WITHOUT ROWID;
                """)
    }
}
