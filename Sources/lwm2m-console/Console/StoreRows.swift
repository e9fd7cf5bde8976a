import ConsoleCore
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine

/// Conversions from store and engine records to the console's rows.
enum StoreRows {
    /// The bootstrap form's fields: the importer's CSV column names, so `FieldRules` and
    /// `updateBootstrapParameters` understand them as they are.
    static let bootstrapColumns: [(name: String, label: String)] = [
        ("lwm2m server uri", "Server URI"),
        ("registrationLifetime", "Lifetime (s)"),
        ("bindingMode", "Binding"),
        ("lwm2mShortServerId", "Short server ID"),
        ("bootstrapShortServerId", "BS short ID"),
        ("awakeTimeRegistrationParameter", "Awake (ms)"),
        ("serializationFormat", "Serialization"),
        ("lwm2mRequestTimeout", "Timeout (ms)"),
        ("defaultMinimumPeriod", "pmin (s)"),
        ("defaultMaximumPeriod", "pmax (s)"),
        ("disableTimeout", "Disable for (s)"),
        ("notificationIfDisabled", "Notify disabled"),
        ("binaryDeliveryEncoding", "Binary encoding"),
        ("securityInstanceOffset", "Security offset"),
        ("generateBootstrapServerConfig", "Make BS config"),
    ]

    /// A device as a table row.
    static func row(_ device: Device, state: DeviceState? = nil) -> DeviceRow {
        DeviceRow(
            id: device.id, endpoint: device.endpoint, tenant: device.tenant,
            security: device.securityMode.rawValue, state: state ?? self.state(device.connectionState),
            lastSeen: device.lastSeen)
    }

    /// The console's state for a store connection state.
    static func state(_ state: ConnectionState) -> DeviceState {
        switch state {
        case .neverSeen: .never
        case .bootstrapping: .bootstrapping
        case .registered: .registered
        case .sleeping: .sleeping
        case .offline: .offline
        }
    }

    /// The console's state for an engine lifecycle's connection state text.
    static func state(text: String) -> DeviceState? {
        ConnectionState(rawValue: text).map { state($0) }
    }

    /// The stored bootstrap parameters as form fields (empty = default).
    static func bootstrapFields(_ parameters: BootstrapParameters) -> [BootstrapField] {
        let values: [String: String] = [
            "lwm2m server uri": parameters.lwm2mServerURI ?? "",
            "registrationLifetime": parameters.registrationLifetime.map(String.init) ?? "",
            "bindingMode": parameters.bindingMode,
            "lwm2mShortServerId": String(parameters.lwm2mShortServerID),
            "bootstrapShortServerId": String(parameters.bootstrapShortServerID),
            "awakeTimeRegistrationParameter": parameters.awakeTimeMs.map(String.init) ?? "",
            "serializationFormat": parameters.serializationFormat ?? "",
            "lwm2mRequestTimeout": parameters.lwm2mRequestTimeoutMs.map(String.init) ?? "",
            "defaultMinimumPeriod": parameters.defaultMinimumPeriod.map(String.init) ?? "",
            "defaultMaximumPeriod": parameters.defaultMaximumPeriod.map(String.init) ?? "",
            "disableTimeout": parameters.disableTimeout.map(String.init) ?? "",
            "notificationIfDisabled": parameters.notificationIfDisabled.map { $0 ? "true" : "false" } ?? "",
            "binaryDeliveryEncoding": parameters.binaryDeliveryEncoding,
            "securityInstanceOffset": String(parameters.securityInstanceOffset),
            "generateBootstrapServerConfig": parameters.generateBootstrapServerConfig ? "true" : "false",
        ]
        return bootstrapColumns.map { BootstrapField(name: $0.name, label: $0.label, value: values[$0.name] ?? "") }
    }

    /// An alarm as an Alarms pane row.
    static func alarm(_ alarm: Alarm) -> AlarmRow {
        AlarmRow(
            id: String(alarm.id), severity: ConsoleCore.AlarmSeverity(rawValue: alarm.severity.rawValue) ?? .warning,
            device: alarm.deviceID, text: alarm.count > 1 ? "\(alarm.text) (×\(alarm.count))" : alarm.text,
            raisedAt: alarm.lastRaisedAt, acknowledged: alarm.status == .acknowledged)
    }

    /// An engine alarm event as a row (nil when it was cleared).
    static func alarm(_ event: AlarmEvent, now: Date) -> AlarmRow? {
        guard event.status != "CLEARED" else { return nil }
        return AlarmRow(
            id: String(event.alarmID), severity: ConsoleCore.AlarmSeverity(rawValue: event.severity) ?? .warning,
            device: event.device.id, text: event.count > 1 ? "\(event.text) (×\(event.count))" : event.text,
            raisedAt: now, acknowledged: event.status == "ACKNOWLEDGED")
    }

    /// An operation as an Operations history row.
    static func operation(_ snapshot: OperationSnapshot) -> OperationRow {
        var result = snapshot.responseCode ?? snapshot.failureReason ?? ""
        if snapshot.status == .executing, let progress = snapshot.progress { result = progress }
        if let first = snapshot.resultLines.first { result += (result.isEmpty ? "" : " · ") + first }
        return OperationRow(
            submittedAt: snapshot.createdAt, request: snapshot.line, state: snapshot.status.rawValue, result: result,
            id: String(describing: snapshot.id))
    }

    /// The Objects tree from a registration's links, named from the object model.
    static func objects(links: String, model: ObjectModel) -> [ObjectNode] {
        guard let parsed = try? CoRELinkFormat.parse(links) else { return [] }
        var nodes: [ObjectNode] = []
        var seenObjects = Set<UInt16>()
        for link in parsed {
            guard let path = try? LwM2MPath(parsing: link.target), let objectID = path.objectID else { continue }
            let definition = model.object(objectID)
            if !seenObjects.contains(objectID) {
                seenObjects.insert(objectID)
                nodes.append(ObjectNode(path: "/\(objectID)", name: definition?.name ?? "Object \(objectID)", depth: 0))
            }
            guard let instanceID = path.instanceID else { continue }
            nodes.append(ObjectNode(path: "/\(objectID)/\(instanceID)", name: "Instance \(instanceID)", depth: 1))
            for resource in definition?.resources ?? [] {
                let operations = (resource.isReadable ? "R" : "") + (resource.isWritable ? "W" : "")
                    + (resource.operations.contains(.execute) ? "E" : "")
                nodes.append(ObjectNode(
                    path: "/\(objectID)/\(instanceID)/\(resource.id)", name: resource.name, depth: 2, operations: operations))
            }
        }
        return nodes
    }

    /// The Objects tree with last known values: the registration's links (if registered), plus
    /// a node for every resource a value is known of (so a device not registered since an engine
    /// restart still shows what it last reported).
    static func objects(links: String?, values: [ObjectValue], model: ObjectModel) -> [ObjectNode] {
        var nodes = links.map { objects(links: $0, model: model) } ?? []
        let known = Set(nodes.map(\.path))
        var added: [ObjectNode] = []
        var addedPaths = Set<String>()
        for value in values where !known.contains(value.path) {
            guard let path = try? LwM2MPath(parsing: value.path), let object = path.objectID, let instance = path.instanceID,
                  let resource = path.resourceID else { continue }
            let objectPath = "/\(object)", instancePath = "/\(object)/\(instance)"
            if !known.contains(objectPath), addedPaths.insert(objectPath).inserted {
                added.append(ObjectNode(path: objectPath, name: model.object(object)?.name ?? "Object \(object)", depth: 0))
            }
            if !known.contains(instancePath), addedPaths.insert(instancePath).inserted {
                added.append(ObjectNode(path: instancePath, name: "Instance \(instance)", depth: 1))
            }
            let definition = model.resource(at: path)
            added.append(ObjectNode(path: value.path, name: definition?.name ?? "Resource \(resource)", depth: 2))
        }
        if !added.isEmpty {
            // Keep the tree in path order: each node sorts by its numeric IDs.
            nodes = (nodes + added).sorted { lhs, rhs in
                let l = (try? LwM2MPath(parsing: lhs.path)) ?? .root, r = (try? LwM2MPath(parsing: rhs.path)) ?? .root
                return l < r
            }
        }
        nodes.apply(values)
        return nodes
    }

    /// Stored (or engine) last values as the Objects tab's values: one per resource, resource
    /// instances joined as `[0]=1, [1]=5`.
    static func objectValues(_ records: [LastValueRecord]) -> [ObjectValue] {
        var byResource: [String: (parts: [String], time: Date, single: String?)] = [:]
        var order: [String] = []
        for record in records {
            let path = record.path
            guard let object = path.objectID, let instance = path.instanceID, let resource = path.resourceID else { continue }
            let key = "/\(object)/\(instance)/\(resource)"
            if byResource[key] == nil { order.append(key); byResource[key] = ([], record.lastValue.reportedAt, nil) }
            if let resourceInstance = path.resourceInstanceID {
                byResource[key]?.parts.append("[\(resourceInstance)]=\(record.rendered)")
            } else {
                byResource[key]?.single = record.rendered
            }
            if let time = byResource[key]?.time, record.lastValue.reportedAt > time { byResource[key]?.time = record.lastValue.reportedAt }
        }
        return order.compactMap { key in
            guard let entry = byResource[key] else { return nil }
            return ObjectValue(path: key, text: entry.single ?? entry.parts.joined(separator: ", "), reportedAt: entry.time)
        }
    }

    /// Paths announced by a registration (for shell completion).
    static func paths(links: String) -> [LwM2MPath] {
        guard let parsed = try? CoRELinkFormat.parse(links) else { return [] }
        return parsed.compactMap { try? LwM2MPath(parsing: $0.target) }.filter { !$0.ids.isEmpty }
    }

    /// An Events-tab row; stored types carry an `lwm2m_` prefix the narrow kind column can do without.
    static func event(type: String, text: String, time: Date) -> EventRow {
        EventRow(time: time, kind: type.hasPrefix("lwm2m_") ? String(type.dropFirst(6)) : type, text: text)
    }

    /// The engine's status for the header.
    static func status(_ status: EngineStatusRecord, attached: Bool, devices: Int) -> ConsoleCore.EngineStatus {
        guard status.running else { return ConsoleCore.EngineStatus(state: .down, deviceCount: devices) }
        return ConsoleCore.EngineStatus(
            state: attached ? .attached : .up,
            ports: "\(status.serverPort)/\(status.serverDTLSPort) bs \(status.bootstrapPort)/\(status.bootstrapDTLSPort)",
            deviceCount: devices, onlineCount: status.registeredDevices)
    }
}

/// The importer's per-field rules as the bootstrap form's validator.
struct FieldRulesValidator: BootstrapValidating {
    func validate(_ field: BootstrapField, in fields: [BootstrapField]) -> String? {
        FieldRules.problem(field: field.name, value: field.value.trimmingCharacters(in: .whitespaces))
    }
}
