import Crypto
import Foundation
import GRDB

/// The state of one running import inside its transaction: counts, the import's number, and the
/// store checks and writes for each row.
struct ImportSession {
    let store: DeviceStore
    let tenant: String
    let options: ImportOptions
    let header: ImportHeader
    let failedRows: CSVWriter?
    let onRow: (ImportRowResult) -> Void
    let validator: RowValidator
    let now: Int64

    /// The HMAC already keyed with the installation secret, copied for each row's hash.
    let keyedMAC: HMAC<SHA256>
    var importID: Int64 = 0
    var all = 0
    var created = 0
    var updated = 0
    var failed = 0
    var warnings = 0
    var attentionRows: [ImportRowResult] = []
    /// Prepared in `begin`, dropped by `end` (both inside the write block).
    private var statements: ImportStatements?

    init(
        store: DeviceStore, tenant: String, options: ImportOptions, header: ImportHeader, failedRows: CSVWriter?,
        onRow: @escaping (ImportRowResult) -> Void
    ) {
        self.store = store
        self.tenant = tenant
        self.options = options
        self.header = header
        self.failedRows = failedRows
        self.onRow = onRow
        validator = RowValidator(header: header, limits: options.requestTimeoutLimits)
        now = store.nowMillis
        keyedMAC = store.hasher.keyedMAC()
    }

    mutating func begin(_ db: Database, file: String) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)", arguments: [tenant, now])
        try db.execute(
            sql: "INSERT INTO imports (tenant, file, started_at) VALUES (?, ?, ?)", arguments: [tenant, file, now])
        importID = db.lastInsertedRowID
        statements = try ImportStatements(db)
    }

    /// Finalizes the prepared statements; call inside the write block that called `begin`.
    mutating func end() { statements = nil }

    private func prepared() throws -> ImportStatements {
        guard let statements else { throw ImportFileError("internal error: the import statements are not prepared") }
        return statements
    }

    mutating func finish(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE imports SET finished_at = ?, all_rows = ?, created = ?, updated = ?, failed = ?, warnings = ?
                WHERE id = ?
                """, arguments: [store.nowMillis, all, created, updated, failed, warnings, importID])
    }

    mutating func process(_ record: CSVRecord, _ db: Database) throws {
        // Excel writes empty rows as a line of separators: not a device, not counted.
        if record.fields.allSatisfy(\.isEmpty) { return }
        all += 1
        var outcome = validator.validate(record)
        var status = ImportRowResult.Status.failed
        if let registration = outcome.registration {
            let checked = try check(registration, db, warnings: &outcome.warnings)
            if checked.issues.isEmpty {
                status = try save(registration, line: record.line, existing: checked.existing, duplicateOf: checked.duplicateOf, db)
            } else {
                outcome.issues = checked.issues
            }
        }
        let result = ImportRowResult(
            line: record.line, id: outcome.id, status: status, issues: outcome.issues, warnings: outcome.warnings)
        switch status {
        case .created: created += 1
        case .updated: updated += 1
        case .failed:
            failed += 1
            try failedRows?.write(record.fields + [result.reason ?? ""])
        }
        warnings += result.warnings.count
        if status == .failed || !result.warnings.isEmpty { attentionRows.append(result) }
        onRow(result)
    }

    private struct Checked {
        var issues: [FieldIssue] = []
        var existing: Int64?
        var duplicateOf: String?
    }

    /// The rules that need the store: uniqueness in the file and the tenant, credentials left by
    /// a deleted device, PSK identities and external IDs across tenants, duplicate endpoints.
    private func check(_ r: DeviceRegistration, _ db: Database, warnings: inout [FieldIssue]) throws -> Checked {
        var checked = Checked()
        func fail(_ column: ImportColumn?, _ message: String) {
            checked.issues.append(FieldIssue(field: column?.displayName, message: message))
        }
        // One statement for "does the device exist" and "are there leftover credentials".
        let statements = try prepared()
        let existing = statements.existing
        existing.bind(1, tenant)
        existing.bind(2, r.id)
        if try existing.step() {
            if !existing.isNull(0) {
                if existing.int64(1) == importID {
                    fail(.id, "ID '\(r.id)' already appears on line \(existing.int64(2)) of this file")
                } else if options.createOnly {
                    fail(.id, "device '\(r.id)' already exists in tenant '\(tenant)' (--create-only does not update)")
                }
                checked.existing = existing.int64(0)
            } else if existing.int64(3) != 0 {
                fail(
                    .credentials,
                    "credentials of a deleted device '\(r.id)' are still stored; delete them first with "
                        + "`lwm2m-console credentials delete \(r.id)\(tenant == DeviceStore.defaultTenant ? "" : " --tenant \(tenant)")`")
            }
            existing.finish()
        }
        let endpointOwners = statements.endpointOwners
        endpointOwners.bind(1, r.endpoint)
        while try endpointOwners.step() {
            let ownerTenant = endpointOwners.string(0)
            let ownerID = endpointOwners.string(1)
            if ownerTenant == tenant {
                guard ownerID != r.id else { continue }
                if endpointOwners.int64(2) == importID {
                    fail(
                        .endpoint,
                        "endpoint id '\(r.endpoint)' already appears on line \(endpointOwners.int64(3)) of this file")
                } else {
                    fail(.endpoint, "endpoint id '\(r.endpoint)' is already used by device '\(ownerID)' in this tenant")
                }
            } else if endpointOwners.int64(4) == 0 {
                checked.duplicateOf = ownerTenant
            }
        }
        // LwM2M first, then bootstrap: the order the issues are reported in.
        let pskLookups: [(ImportColumn, PSKRole, PSKCredential?, DirectStatement)] = [
            (.lwm2mPSKID, .lwm2m, r.lwm2mPSK, statements.lwm2mPSKOwner),
            (.bootstrapPSKID, .bootstrap, r.bootstrapPSK, statements.bootstrapPSKOwner),
        ]
        for (column, role, credential, owners) in pskLookups {
            guard let identity = credential?.identity else { continue }
            owners.bind(1, role.rawValue)
            owners.bind(2, identity)
            while try owners.step() {
                let ownerTenant = owners.string(0)
                let ownerID = owners.string(1)
                if ownerTenant == tenant, ownerID == r.id { continue }
                if owners.int64(2) == importID {
                    fail(
                        column,
                        "\(column.displayName) '\(identity)' already appears on line \(owners.int64(3)) of this file")
                } else {
                    fail(
                        column,
                        "\(column.displayName) '\(identity)' is already used by device '\(ownerID)' in tenant '\(ownerTenant)'")
                }
            }
        }
        for externalID in r.externalIDs {
            if let owner = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT d.tenant, d.id, d.import_id, d.import_line FROM external_ids x
                        JOIN devices d ON d.rowid = x.device_rowid WHERE x.type = ? AND x.value = ?
                        """), arguments: [externalID.type, externalID.value])
            {
                let ownerTenant: String = owner[0]
                let ownerID: String = owner[1]
                if ownerTenant == tenant, ownerID == r.id { continue }
                let where_ = owner[2] == importID ? "on line \(owner[3] as Int) of this file" : "by device '\(ownerID)' in tenant '\(ownerTenant)'"
                checked.issues.append(
                    FieldIssue(
                        field: "external-\(externalID.type)",
                        message: "external ID \(externalID.type) '\(externalID.value)' is already used \(where_)"))
            }
        }
        if checked.issues.isEmpty, let duplicateOf = checked.duplicateOf {
            warnings.append(
                FieldIssue(
                    field: ImportColumn.endpoint.displayName,
                    message: "endpoint '\(r.endpoint)' already exists in tenant '\(duplicateOf)': device marked duplicate, "
                        + "not served, MAJOR alarm raised"))
        }
        return checked
    }

    private func save(
        _ r: DeviceRegistration, line: Int, existing: Int64?, duplicateOf: String?, _ db: Database
    ) throws
        -> ImportRowResult.Status
    {
        let rowid: Int64
        let values: [(any DatabaseValueConvertible)?] = [
            r.name, r.type, "device_\(r.id)", r.shellEnabled, r.isAgent, r.endpoint, r.securityMode.rawValue,
            r.firmware.deliveryMethod, r.firmware.supportedDeviceProtocol, r.firmware.resetMechanism, r.firmware.url,
            duplicateOf != nil, now, importID, line,
        ]
        if let existing {
            rowid = existing
            try db.cachedStatement(
                sql: """
                    UPDATE devices SET name = ?, type = ?, owner = ?, shell = ?, agent = ?, endpoint = ?,
                        security_mode = ?, fw_delivery_method = ?, fw_supported_protocol = ?, fw_reset_mechanism = ?,
                        fw_url = ?, duplicate = ?, updated_at = ?, import_id = ?, import_line = ?
                    WHERE rowid = ?
                    """
            ).execute(arguments: StatementArguments(values) + [rowid])
            for table in ["psk_keys", "external_ids", "custom_properties"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE device_rowid = ?").execute(arguments: [rowid])
            }
        } else {
            let insert = try prepared().insertDevice
            insert.bind(1, r.name)
            insert.bind(2, r.type)
            insert.bind(3, "device_" + r.id)
            insert.bind(4, r.shellEnabled)
            insert.bind(5, r.isAgent)
            insert.bind(6, r.endpoint)
            insert.bind(7, r.securityMode.rawValue)
            insert.bind(8, r.firmware.deliveryMethod)
            insert.bind(9, r.firmware.supportedDeviceProtocol)
            insert.bind(10, r.firmware.resetMechanism)
            insert.bind(11, r.firmware.url)
            insert.bind(12, duplicateOf != nil)
            insert.bind(13, now)
            insert.bind(14, importID)
            insert.bind(15, line)
            insert.bind(16, now)
            insert.bind(17, tenant)
            insert.bind(18, r.id)
            try insert.execute()
            rowid = db.lastInsertedRowID
        }
        try saveBootstrap(r.bootstrap, deviceRowID: rowid, db)
        if let lwm2m = r.lwm2mPSK, let bootstrap = r.bootstrapPSK {
            let insert = try prepared().insertPSKPair
            insert.bind(1, rowid)
            insert.bind(2, lwm2m.identity)
            insert.bind(3, lwm2m.key)
            insert.bind(4, bootstrap.identity)
            insert.bind(5, bootstrap.key)
            try insert.execute()
        } else {
            for (role, credential) in [(PSKRole.lwm2m, r.lwm2mPSK), (.bootstrap, r.bootstrapPSK)] {
                guard let credential else { continue }
                try db.cachedStatement(sql: "INSERT INTO psk_keys (device_rowid, role, identity, key) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [rowid, role.rawValue, credential.identity, credential.key])
            }
        }
        for externalID in r.externalIDs {
            try db.cachedStatement(sql: "INSERT INTO external_ids (type, value, device_rowid) VALUES (?, ?, ?)")
                .execute(arguments: [externalID.type, externalID.value, rowid])
        }
        for property in r.customProperties {
            try db.cachedStatement(sql: "INSERT INTO custom_properties (device_rowid, name, value) VALUES (?, ?, ?)")
                .execute(arguments: [rowid, property.name, property.value])
        }
        if let password = r.password {
            let hash = store.hasher.hash(password: password, tenant: tenant, deviceID: r.id, startingFrom: keyedMAC)
            let upsert = try prepared().upsertCredential
            upsert.bind(1, tenant)
            upsert.bind(2, r.id)
            upsert.bind(3, hash)
            upsert.bind(4, now)
            try upsert.execute()
        }
        if let duplicateOf {
            _ = try DeviceStore.raiseAlarm(
                db, tenant: tenant, deviceID: r.id, type: AlarmType.duplicateEndpoint, severity: .major,
                text: "Device with endpoint \(r.endpoint) already exists in tenant \(duplicateOf). "
                    + "Retry with a different endpoint name",
                now: now)
        }
        return existing == nil ? .created : .updated
    }

    /// The importer's bootstrap-parameters write (same columns as `DeviceStore.saveBootstrap`).
    private func saveBootstrap(_ p: BootstrapParameters, deviceRowID: Int64, _ db: Database) throws {
        let insert = try prepared().insertBootstrap
        insert.bind(1, deviceRowID)
        insert.bind(2, p.lwm2mServerURI)
        insert.bind(3, p.bootstrapSecurityMode.rawValue)
        insert.bind(4, p.awakeTimeMs)
        insert.bind(5, p.serverPublicKey)
        insert.bind(6, p.generateBootstrapServerConfig)
        insert.bind(7, p.securityInstanceOffset)
        insert.bind(8, p.bootstrapShortServerID)
        insert.bind(9, p.lwm2mShortServerID)
        insert.bind(10, p.registrationLifetime)
        insert.bind(11, p.defaultMinimumPeriod)
        insert.bind(12, p.defaultMaximumPeriod)
        insert.bind(13, p.bindingMode)
        insert.bind(14, p.notificationIfDisabled)
        insert.bind(15, p.disableTimeout)
        insert.bind(16, p.binaryDeliveryEncoding)
        insert.bind(17, p.serializationFormat)
        insert.bind(18, p.lwm2mRequestTimeoutMs)
        try insert.execute()
    }
}
