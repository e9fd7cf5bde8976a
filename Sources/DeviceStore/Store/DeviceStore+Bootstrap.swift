import Foundation
import GRDB

extension DeviceStore {
    static func fetchBootstrap(_ db: Database, deviceRowID: Int64) throws -> BootstrapParameters? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT lwm2m_server_uri, bootstrap_security_mode, awake_time_ms, server_public_key,
                           generate_bootstrap_server_config, security_instance_offset, bootstrap_short_server_id,
                           lwm2m_short_server_id, registration_lifetime, default_minimum_period,
                           default_maximum_period, binding_mode, notification_if_disabled, disable_timeout,
                           binary_delivery_encoding, serialization_format, lwm2m_request_timeout_ms
                    FROM bootstrap_parameters WHERE device_rowid = ?
                    """, arguments: [deviceRowID])
        else { return nil }
        var parameters = BootstrapParameters(bootstrapSecurityMode: SecurityMode(rawValue: row[1]) ?? .noSec)
        parameters.lwm2mServerURI = row[0]
        parameters.awakeTimeMs = row[2]
        parameters.serverPublicKey = row[3]
        parameters.generateBootstrapServerConfig = row[4]
        parameters.securityInstanceOffset = row[5]
        parameters.bootstrapShortServerID = row[6]
        parameters.lwm2mShortServerID = row[7]
        parameters.registrationLifetime = row[8]
        parameters.defaultMinimumPeriod = row[9]
        parameters.defaultMaximumPeriod = row[10]
        parameters.bindingMode = row[11]
        parameters.notificationIfDisabled = row[12]
        parameters.disableTimeout = row[13]
        parameters.binaryDeliveryEncoding = row[14]
        parameters.serializationFormat = row[15]
        parameters.lwm2mRequestTimeoutMs = row[16]
        return parameters
    }

    /// The one upsert of a device's bootstrap row; the importer binds the same columns in this order.
    static let upsertBootstrapSQL = """
        INSERT OR REPLACE INTO bootstrap_parameters (
            device_rowid, lwm2m_server_uri, bootstrap_security_mode, awake_time_ms, server_public_key,
            generate_bootstrap_server_config, security_instance_offset, bootstrap_short_server_id,
            lwm2m_short_server_id, registration_lifetime, default_minimum_period, default_maximum_period,
            binding_mode, notification_if_disabled, disable_timeout, binary_delivery_encoding,
            serialization_format, lwm2m_request_timeout_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func saveBootstrap(_ db: Database, deviceRowID: Int64, _ p: BootstrapParameters) throws {
        try db.cachedStatement(sql: upsertBootstrapSQL).execute(arguments: [
            deviceRowID, p.lwm2mServerURI, p.bootstrapSecurityMode.rawValue, p.awakeTimeMs, p.serverPublicKey,
            p.generateBootstrapServerConfig, p.securityInstanceOffset, p.bootstrapShortServerID,
            p.lwm2mShortServerID, p.registrationLifetime, p.defaultMinimumPeriod, p.defaultMaximumPeriod,
            p.bindingMode, p.notificationIfDisabled, p.disableTimeout, p.binaryDeliveryEncoding,
            p.serializationFormat, p.lwm2mRequestTimeoutMs,
        ])
    }

    /// The bootstrap parameters of device `id` in `tenant`, or `nil` when there is no such device.
    public func bootstrapParameters(tenant: String, id: String) throws -> BootstrapParameters? {
        try read { db in
            guard
                let rowid = try Int64.fetchOne(
                    db, sql: "SELECT rowid FROM devices WHERE tenant = ? AND id = ?", arguments: [tenant, id])
            else { return nil }
            return try Self.fetchBootstrap(db, deviceRowID: rowid) ?? BootstrapParameters()
        }
    }

    /// Changes bootstrap parameters of device `id` in `tenant`. `changes` maps CSV column names
    /// (case-insensitive, e.g. `lwm2mShortServerId`) to new values; an empty value resets the
    /// field to its default. Every value is checked with the importer's rules (`FieldRules`)
    /// first: on any problem nothing changes and `BootstrapValidationError` lists them all.
    /// Returns the parameters as stored.
    @discardableResult
    public func updateBootstrapParameters(
        tenant: String, id: String, changes: [String: String], limits: RequestTimeoutLimits = RequestTimeoutLimits()
    ) throws -> BootstrapParameters {
        var issues: [FieldIssue] = []
        var columns: [(ImportColumn, String)] = []
        for (field, rawValue) in changes.sorted(by: { $0.key < $1.key }) {
            let value = rawValue.trimmingCharacters(in: .whitespaces)
            guard let column = ImportColumn(header: field), Self.bootstrapColumns.contains(column) else {
                issues.append(FieldIssue(field: field, message: "is not a bootstrap parameter"))
                continue
            }
            if let problem = FieldRules.problem(column: column, value: value, limits: limits) {
                issues.append(FieldIssue(field: column.displayName, message: problem))
            } else {
                columns.append((column, value))
            }
        }
        guard issues.isEmpty else { throw BootstrapValidationError(issues: issues) }
        let now = nowMillis
        return try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT rowid, security_mode FROM devices WHERE tenant = ? AND id = ?",
                    arguments: [tenant, id])
            else { throw StoreError("no device '\(id)' in tenant '\(tenant)'") }
            let rowid: Int64 = row[0]
            let securityMode = SecurityMode(rawValue: row[1]) ?? .noSec
            var parameters = try Self.fetchBootstrap(db, deviceRowID: rowid) ?? BootstrapParameters()
            for (column, value) in columns { Self.apply(column, value, to: &parameters) }
            var crossIssues: [FieldIssue] = []
            if let minimum = parameters.defaultMinimumPeriod, let maximum = parameters.defaultMaximumPeriod,
                minimum > maximum
            {
                crossIssues.append(
                    FieldIssue(
                        field: ImportColumn.defaultMinimumPeriod.displayName,
                        message: "defaultMinimumPeriod (\(minimum)) must not be greater than defaultMaximumPeriod (\(maximum))"))
            }
            if let uri = parameters.lwm2mServerURI, let scheme = URLComponents(string: uri)?.scheme?.lowercased() {
                let expected = securityMode == .psk ? "coaps" : "coap"
                if scheme != expected {
                    crossIssues.append(
                        FieldIssue(
                            field: ImportColumn.serverURI.displayName,
                            message: "lwm2m server uri must be a \(expected):// URI when securityMode is \(securityMode.rawValue), got '\(uri)'"))
                }
            }
            guard crossIssues.isEmpty else { throw BootstrapValidationError(issues: crossIssues) }
            try Self.saveBootstrap(db, deviceRowID: rowid, parameters)
            try db.execute(sql: "UPDATE devices SET updated_at = ? WHERE rowid = ?", arguments: [now, rowid])
            return parameters
        }
    }

    /// The columns `updateBootstrapParameters` accepts.
    static let bootstrapColumns: Set<ImportColumn> = [
        .serverURI, .awakeTime, .serverPublicKey, .generateBootstrapServerConfig, .securityInstanceOffset,
        .bootstrapShortServerID, .lwm2mShortServerID, .registrationLifetime, .defaultMinimumPeriod,
        .defaultMaximumPeriod, .bindingMode, .notificationIfDisabled, .disableTimeout, .binaryDeliveryEncoding,
        .serializationFormat, .requestTimeout,
    ]

    private static func apply(_ column: ImportColumn, _ value: String, to p: inout BootstrapParameters) {
        let defaults = BootstrapParameters()
        let text: String? = value.isEmpty ? nil : value
        switch column {
        case .serverURI: p.lwm2mServerURI = text
        case .awakeTime: p.awakeTimeMs = Int(value)
        case .serverPublicKey: p.serverPublicKey = text
        case .generateBootstrapServerConfig:
            p.generateBootstrapServerConfig = FieldRules.parseBool(value) ?? defaults.generateBootstrapServerConfig
        case .securityInstanceOffset: p.securityInstanceOffset = Int(value) ?? defaults.securityInstanceOffset
        case .bootstrapShortServerID: p.bootstrapShortServerID = Int(value) ?? defaults.bootstrapShortServerID
        case .lwm2mShortServerID: p.lwm2mShortServerID = Int(value) ?? defaults.lwm2mShortServerID
        case .registrationLifetime: p.registrationLifetime = Int(value)
        case .defaultMinimumPeriod: p.defaultMinimumPeriod = Int(value)
        case .defaultMaximumPeriod: p.defaultMaximumPeriod = Int(value)
        case .bindingMode: p.bindingMode = text ?? defaults.bindingMode
        case .notificationIfDisabled: p.notificationIfDisabled = FieldRules.parseBool(value)
        case .disableTimeout: p.disableTimeout = Int(value)
        case .binaryDeliveryEncoding: p.binaryDeliveryEncoding = text ?? defaults.binaryDeliveryEncoding
        case .serializationFormat: p.serializationFormat = text
        case .requestTimeout: p.lwm2mRequestTimeoutMs = Int(value)
        default: break
        }
    }
}
