import Foundation

/// The per-row rules of SPEC §2 that need nothing but the row itself. Store-dependent rules
/// (uniqueness, credentials reuse, duplicates across tenants) are `BulkImporter`'s.
struct RowValidator {
    let header: ImportHeader
    let limits: RequestTimeoutLimits

    struct Outcome {
        var registration: DeviceRegistration?
        var id: String?
        var issues: [FieldIssue]
        var warnings: [FieldIssue]
    }

    func validate(_ record: CSVRecord) -> Outcome {
        let fields = record.fields
        guard fields.count == header.kinds.count else {
            let id = header.index(of: .id).flatMap { $0 < fields.count ? fields[$0] : nil }
            return Outcome(
                registration: nil, id: id,
                issues: [
                    FieldIssue(
                        field: nil,
                        message: "the row has \(fields.count) cells but the header has \(header.kinds.count)")
                ], warnings: [])
        }
        var issues: [FieldIssue] = []
        var warnings: [FieldIssue] = []
        // Passwords are taken as typed; other cells lose surrounding blanks.
        let credentialsIndex = header.index(of: .credentials)
        let values = fields.indices.map { $0 == credentialsIndex ? fields[$0] : fields[$0].trimmingBlanks }
        func cell(_ column: ImportColumn) -> String {
            guard let index = header.index(of: column) else { return "" }
            return values[index]
        }
        func fail(_ column: ImportColumn, _ message: String) {
            issues.append(FieldIssue(field: column.displayName, message: message))
        }

        // Field-by-field rules (the same as the bootstrap form's).
        for case .known(let column) in header.kinds {
            let value = cell(column)
            guard let problem = FieldRules.problem(column: column, value: value, limits: limits) else { continue }
            if column == .binaryDeliveryEncoding {
                warnings.append(FieldIssue(field: column.displayName, message: problem + "; using OPAQUE"))
            } else {
                fail(column, problem)
            }
        }
        if header.index(of: .binaryDeliveryEncoding) != nil, cell(.binaryDeliveryEncoding).isEmpty {
            warnings.append(
                FieldIssue(field: ImportColumn.binaryDeliveryEncoding.displayName, message: "empty; using OPAQUE"))
        }

        let classic = header.layout == .classic
        let endpoint = cell(.endpoint)
        let id = classic || !cell(.id).isEmpty ? cell(.id) : endpoint
        if classic {
            for column in [ImportColumn.id, .idType, .credentials, .type, .shell, .agent, .serverURI]
            where cell(column).isEmpty {
                fail(column, "\(column.displayName) is required")
            }
        }
        if endpoint.isEmpty {
            fail(.endpoint, "endpoint id is required")
        } else if classic, !id.isEmpty, endpoint != id {
            fail(.endpoint, "endpoint id '\(endpoint)' must equal ID '\(id)' in the classic layout")
        }
        let securityModeText = cell(.securityMode)
        if securityModeText.isEmpty { fail(.securityMode, "securityMode is required") }
        let securityMode = SecurityMode(rawValue: securityModeText) ?? .noSec
        let bootstrapMode = SecurityMode(rawValue: cell(.bootstrapSecurityMode)) ?? securityMode

        // Security: PSK needs its ids and keys; NO_SEC must not carry any.
        let serverURI = cell(.serverURI)
        let scheme = FieldRules.uriScheme(serverURI)
        if !serverURI.isEmpty, FieldRules.problem(column: .serverURI, value: serverURI, limits: limits) == nil {
            if securityMode == .psk, scheme != "coaps" {
                fail(.serverURI, "lwm2m server uri must be a coaps:// URI when securityMode is PSK, got '\(serverURI)'")
            } else if securityMode == .noSec, scheme != "coap" {
                fail(.serverURI, "lwm2m server uri must be a coap:// URI when securityMode is NO_SEC, got '\(serverURI)'")
            }
        }
        let lwm2mPSK = pskCredential(
            mode: securityMode, modeColumn: .securityMode, idColumn: .lwm2mPSKID, keyColumn: .lwm2mPSKKey,
            externalColumn: .externalLwm2mPSKID, cell: cell, fail: fail)
        let bootstrapPSK = pskCredential(
            mode: bootstrapMode,
            modeColumn: header.index(of: .bootstrapSecurityMode) != nil && !cell(.bootstrapSecurityMode).isEmpty
                ? .bootstrapSecurityMode : .securityMode,
            idColumn: .bootstrapPSKID, keyColumn: .bootstrapPSKKey, externalColumn: .externalBootstrapPSKID,
            cell: cell, fail: fail)

        // Optional values: defaults when empty (errors were reported above).
        var bootstrap = BootstrapParameters(bootstrapSecurityMode: bootstrapMode)
        bootstrap.lwm2mServerURI = serverURI.isEmpty ? nil : serverURI
        bootstrap.awakeTimeMs = Int(cell(.awakeTime))
        bootstrap.serverPublicKey = nonEmpty(cell(.serverPublicKey))
        bootstrap.generateBootstrapServerConfig = FieldRules.parseBool(cell(.generateBootstrapServerConfig)) ?? false
        bootstrap.securityInstanceOffset = Int(cell(.securityInstanceOffset)) ?? 0
        bootstrap.bootstrapShortServerID = Int(cell(.bootstrapShortServerID)) ?? 0
        bootstrap.lwm2mShortServerID = Int(cell(.lwm2mShortServerID)) ?? 1
        bootstrap.registrationLifetime = Int(cell(.registrationLifetime))
        bootstrap.defaultMinimumPeriod = Int(cell(.defaultMinimumPeriod))
        bootstrap.defaultMaximumPeriod = Int(cell(.defaultMaximumPeriod))
        bootstrap.bindingMode = nonEmpty(cell(.bindingMode)) ?? "UQ"
        bootstrap.notificationIfDisabled = FieldRules.parseBool(cell(.notificationIfDisabled))
        bootstrap.disableTimeout = Int(cell(.disableTimeout))
        let encoding = cell(.binaryDeliveryEncoding)
        bootstrap.binaryDeliveryEncoding = FieldRules.binaryDeliveryEncodings.contains(encoding) ? encoding : "OPAQUE"
        bootstrap.serializationFormat = nonEmpty(cell(.serializationFormat))
        bootstrap.lwm2mRequestTimeoutMs = Int(cell(.requestTimeout))
        if let minimum = bootstrap.defaultMinimumPeriod, let maximum = bootstrap.defaultMaximumPeriod, minimum > maximum {
            fail(
                .defaultMinimumPeriod,
                "defaultMinimumPeriod (\(minimum)) must not be greater than defaultMaximumPeriod (\(maximum))")
        }

        var externalIDs: [ExternalID] = []
        var properties: [CustomProperty] = []
        for (index, kind) in header.kinds.enumerated() {
            switch kind {
            case .external(let type):
                let value = values[index]
                guard !value.isEmpty else { continue }
                if type == ExternalID.deviceIDType {
                    // c8y_Id is the device ID itself; the column may only repeat it.
                    if value != id {
                        issues.append(
                            FieldIssue(field: header.names[index], message: "must equal ID '\(id)', got '\(value)'"))
                    }
                } else {
                    externalIDs.append(ExternalID(type: type, value: value))
                }
            case .custom(let name):
                if !fields[index].isEmpty { properties.append(CustomProperty(name: name, value: fields[index])) }
            case .known, .ignored:
                continue
            }
        }

        let reportedID = id.isEmpty ? nil : id
        guard issues.isEmpty else { return Outcome(registration: nil, id: reportedID, issues: issues, warnings: warnings) }
        let registration = DeviceRegistration(
            id: id, name: nonEmpty(cell(.name)) ?? id, type: nonEmpty(cell(.type)) ?? "c8y_lwm2m",
            shellEnabled: cell(.shell) != "0", isAgent: true, endpoint: endpoint, securityMode: securityMode,
            password: nonEmpty(cell(.credentials)), bootstrap: bootstrap, lwm2mPSK: lwm2mPSK,
            bootstrapPSK: bootstrapPSK,
            firmware: FirmwareSettings(
                deliveryMethod: nonEmpty(cell(.fwDeliveryMethod)),
                supportedDeviceProtocol: nonEmpty(cell(.fwSupportedProtocol)),
                resetMechanism: nonEmpty(cell(.fwResetMechanism)), url: nonEmpty(cell(.fwURL))),
            externalIDs: externalIDs, customProperties: properties)
        return Outcome(registration: registration, id: reportedID, issues: [], warnings: warnings)
    }

    /// The PSK credential for one server role, checking presence/absence against the mode.
    private func pskCredential(
        mode: SecurityMode, modeColumn: ImportColumn, idColumn: ImportColumn, keyColumn: ImportColumn,
        externalColumn: ImportColumn, cell: (ImportColumn) -> String, fail: (ImportColumn, String) -> Void
    ) -> PSKCredential? {
        let identity = cell(idColumn)
        let keyText = cell(keyColumn)
        let external = cell(externalColumn)
        switch mode {
        case .noSec:
            for column in [idColumn, keyColumn, externalColumn] where !cell(column).isEmpty {
                fail(column, "\(column.displayName) must be empty when \(modeColumn.displayName) is NO_SEC")
            }
            return nil
        case .psk:
            if identity.isEmpty {
                fail(idColumn, "\(idColumn.displayName) is required when \(modeColumn.displayName) is PSK")
            }
            if keyText.isEmpty {
                fail(keyColumn, "\(keyColumn.displayName) is required when \(modeColumn.displayName) is PSK")
            }
            if !external.isEmpty, !identity.isEmpty, external != identity {
                fail(
                    idColumn,
                    "\(idColumn.displayName) '\(identity)' must equal \(externalColumn.displayName) '\(external)'")
            }
            guard !identity.isEmpty, let key = FieldRules.hexKey(keyText) else { return nil }
            return PSKCredential(identity: identity, key: key)
        }
    }

    private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
