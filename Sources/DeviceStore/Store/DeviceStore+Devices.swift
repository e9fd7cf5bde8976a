public import Foundation
import GRDB

extension DeviceStore {
    /// The select list `decodeDevice` expects (devices aliased `d`).
    static let deviceColumns = """
        d.tenant, d.id, d.name, d.type, d.owner, d.shell, d.agent, d.endpoint, d.security_mode,
        d.fw_delivery_method, d.fw_supported_protocol, d.fw_reset_mechanism, d.fw_url,
        d.connection_state, d.last_seen, d.duplicate, d.created_at, d.updated_at
        """

    static func decodeDevice(_ row: Row) -> Device {
        Device(
            tenant: row[0], id: row[1], name: row[2], type: row[3], owner: row[4], shellEnabled: row[5],
            isAgent: row[6], endpoint: row[7], securityMode: SecurityMode(rawValue: row[8]) ?? .noSec,
            firmware: FirmwareSettings(
                deliveryMethod: row[9], supportedDeviceProtocol: row[10], resetMechanism: row[11], url: row[12]),
            connectionState: ConnectionState(rawValue: row[13]) ?? .neverSeen,
            lastSeen: (row[14] as Int64?).map(date), isDuplicate: row[15], createdAt: date(row[16]),
            updatedAt: date(row[17]))
    }

    /// The device `id` of `tenant`, or `nil`.
    public func device(tenant: String, id: String) throws -> Device? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.deviceColumns) FROM devices d WHERE d.tenant = ? AND d.id = ?",
                arguments: [tenant, id]
            ).map(Self.decodeDevice)
        }
    }

    /// The device the engine serves for LwM2M endpoint `endpoint` (exact match), or `nil`.
    /// Duplicate devices are never returned: the first tenant keeps the endpoint.
    public func device(endpoint: String) throws -> Device? {
        try read { db in
            // The NOCASE term lets SQLite use the NOCASE index; the second keeps the match exact.
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Self.deviceColumns) FROM devices d
                    WHERE d.endpoint COLLATE NOCASE = ?1 AND d.endpoint = ?1 AND d.duplicate = 0
                    """,
                arguments: [endpoint]
            ).map(Self.decodeDevice)
        }
    }

    /// The device holding external ID (`type`, `value`), or `nil`. `c8y_Id` is per tenant, so
    /// pass `tenant` for it; the other types are unique across tenants.
    public func device(externalID: ExternalID, tenant: String = DeviceStore.defaultTenant) throws -> Device? {
        switch externalID.type {
        case ExternalID.deviceIDType:
            return try device(tenant: tenant, id: externalID.value)
        case ExternalID.lwm2mPSKIDType:
            return try device(pskIdentity: externalID.value, role: .lwm2m)?.device
        case ExternalID.bootstrapPSKIDType:
            return try device(pskIdentity: externalID.value, role: .bootstrap)?.device
        default:
            return try read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.deviceColumns) FROM external_ids x JOIN devices d ON d.rowid = x.device_rowid
                        WHERE x.type = ? AND x.value = ?
                        """,
                    arguments: [externalID.type, externalID.value]
                ).map(Self.decodeDevice)
            }
        }
    }

    /// Everything about device `id` of `tenant` (external IDs, bootstrap parameters, keys,
    /// custom properties), or `nil`.
    public func deviceDetails(tenant: String, id: String) throws -> DeviceDetails? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.deviceColumns), d.rowid FROM devices d WHERE d.tenant = ? AND d.id = ?",
                    arguments: [tenant, id])
            else { return nil }
            let device = Self.decodeDevice(row)
            let rowid: Int64 = row[18]
            var lwm2mPSK: PSKCredential?
            var bootstrapPSK: PSKCredential?
            for psk in try Row.fetchAll(
                db, sql: "SELECT role, identity, key FROM psk_keys WHERE device_rowid = ?", arguments: [rowid])
            {
                let credential = PSKCredential(identity: psk[1], key: psk[2])
                if psk[0] == PSKRole.lwm2m.rawValue { lwm2mPSK = credential } else { bootstrapPSK = credential }
            }
            var externalIDs = [ExternalID(type: ExternalID.deviceIDType, value: device.id)]
            if let lwm2mPSK { externalIDs.append(ExternalID(type: ExternalID.lwm2mPSKIDType, value: lwm2mPSK.identity)) }
            if let bootstrapPSK {
                externalIDs.append(ExternalID(type: ExternalID.bootstrapPSKIDType, value: bootstrapPSK.identity))
            }
            for x in try Row.fetchAll(
                db, sql: "SELECT type, value FROM external_ids WHERE device_rowid = ? ORDER BY type, value",
                arguments: [rowid])
            {
                externalIDs.append(ExternalID(type: x[0], value: x[1]))
            }
            let properties = try Row.fetchAll(
                db, sql: "SELECT name, value FROM custom_properties WHERE device_rowid = ? ORDER BY name",
                arguments: [rowid]
            ).map { CustomProperty(name: $0[0], value: $0[1]) }
            let bootstrap = try Self.fetchBootstrap(db, deviceRowID: rowid) ?? BootstrapParameters()
            let hasCredentials =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM credentials WHERE tenant = ? AND device_id = ?", arguments: [tenant, id])
                ?? false
            return DeviceDetails(
                device: device, externalIDs: externalIDs, bootstrap: bootstrap, lwm2mPSK: lwm2mPSK,
                bootstrapPSK: bootstrapPSK, customProperties: properties, hasCredentials: hasCredentials)
        }
    }

    /// One page of devices matching `query`, sorted as asked. Uses the NOCASE indexes: the cost
    /// depends on the page and the matches, not on the size of the inventory.
    ///
    /// Few matches (below `denseMatches`): the three prefix ranges are read from their indexes
    /// and only those rows are sorted. Many matches: the sort key's index is walked in order and
    /// rows are tested until the page is full, which stops early because matches are dense.
    public func devices(_ query: DeviceQuery) throws -> [Device] {
        let dense: Bool
        if query.sort == .updatedAt {
            dense = false  // no index to walk in that order: sorting the matches is cheapest
        } else if let prefix = query.prefix, !prefix.isEmpty {
            dense = try countDevices(query, upTo: Self.denseMatches) >= Self.denseMatches
        } else {
            dense = true
        }
        let (whereSQL, arguments) = Self.filter(query, walkingOrder: dense)
        let direction = query.descending ? "DESC" : "ASC"
        let order: String
        switch query.sort {
        case .id: order = "d.id COLLATE NOCASE \(direction), d.tenant \(direction), d.id \(direction)"
        case .name: order = "d.name COLLATE NOCASE \(direction), d.tenant \(direction), d.id \(direction)"
        case .endpoint: order = "d.endpoint COLLATE NOCASE \(direction), d.tenant \(direction), d.id \(direction)"
        case .updatedAt: order = "d.updated_at \(direction), d.rowid \(direction)"
        }
        var pageArguments = arguments
        pageArguments += [max(0, min(query.limit, 10_000)), max(0, query.offset)]
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.deviceColumns) FROM devices d \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: pageArguments
            ).map(Self.decodeDevice)
        }
    }

    /// Matches from which `devices(_:)` walks the sort index instead of sorting the matches.
    static let denseMatches = 1_000

    /// How many devices match `query` (its sort and page are ignored).
    public func countDevices(_ query: DeviceQuery) throws -> Int {
        let (whereSQL, arguments) = Self.filter(query, walkingOrder: false)
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM devices d \(whereSQL)", arguments: arguments) ?? 0
        }
    }

    /// How many devices match `query`, counting no further than `cap` (the answer is
    /// `min(matches, cap)`): a short prefix matching the whole inventory costs `cap` index steps.
    public func countDevices(_ query: DeviceQuery, upTo cap: Int) throws -> Int {
        let (whereSQL, arguments) = Self.filter(query, walkingOrder: false)
        var capped = arguments
        capped += [max(0, cap)]
        return try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM devices d \(whereSQL) LIMIT ?)", arguments: capped) ?? 0
        }
    }

    /// The WHERE clause for `query`. With `walkingOrder` every term is hidden from the planner
    /// (`+`) so it walks the ORDER BY index and stops at the page's end; otherwise the prefix
    /// ranges drive the plan. The tenant's index drives only a plain count: a tenant holds most
    /// devices, and with a prefix that index made SQLite read every row of the tenant.
    static func filter(_ query: DeviceQuery, walkingOrder: Bool) -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let tenant = query.tenant {
            clauses.append(walkingOrder || query.prefix?.isEmpty == false ? "+d.tenant = ?" : "d.tenant = ?")
            arguments += [tenant]
        }
        if let prefix = query.prefix, !prefix.isEmpty {
            // A range on the NOCASE index instead of LIKE: no escaping of % and _, and the index
            // is used whatever `case_sensitive_like` says. U+10FFFF sorts after any other character.
            let upper = prefix + "\u{10FFFF}"
            let plus = walkingOrder ? "+" : ""
            clauses.append(
                """
                ((\(plus)d.id COLLATE NOCASE >= ? AND \(plus)d.id COLLATE NOCASE < ?)
                 OR (\(plus)d.endpoint COLLATE NOCASE >= ? AND \(plus)d.endpoint COLLATE NOCASE < ?)
                 OR (\(plus)d.name COLLATE NOCASE >= ? AND \(plus)d.name COLLATE NOCASE < ?))
                """)
            arguments += [prefix, upper, prefix, upper, prefix, upper]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The tenants that have devices or imports, sorted.
    public func tenants() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM tenants ORDER BY id") }
    }

    /// Deletes device `id` of `tenant` with its keys, external IDs, properties, bootstrap
    /// parameters and alarms. Its credentials stay (SPEC §1). Returns false when there was none.
    @discardableResult
    public func deleteDevice(tenant: String, id: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM devices WHERE tenant = ? AND id = ?", arguments: [tenant, id])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM alarms WHERE tenant = ? AND device_id = ?", arguments: [tenant, id])
            return true
        }
    }

    /// Records what the engine knows about a device's connection.
    public func setConnectionState(tenant: String, id: String, state: ConnectionState, lastSeen: Date?) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE devices SET connection_state = ?, last_seen = ? WHERE tenant = ? AND id = ?",
                arguments: [state.rawValue, lastSeen.map(Self.millis), tenant, id])
        }
    }
}
