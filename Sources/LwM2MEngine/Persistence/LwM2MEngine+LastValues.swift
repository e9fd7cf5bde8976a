public import DeviceStore
import Foundation
public import LwM2M

/// Last known values (SPEC §6): kept in memory per device, written to the store by the
/// write-behind batch (no write per notification) and loaded back lazily, one device at a time,
/// after a restart.
extension LwM2MEngine {
    /// The last value the device reported for each resource (reads and notifications).
    public func lastValues(_ device: DeviceRef) -> [LwM2MPath: ResourceValue] {
        lastValueDetails(device).mapValues(\.value)
    }

    /// The last value of each resource with when and how it was reported. The first call for a
    /// device after a restart reads its stored values once (one indexed read of that device's
    /// rows); values reported since win. A failed read is tried again on the next call.
    public func lastValueDetails(_ device: DeviceRef) -> [LwM2MPath: LastValue] {
        if !lastValuesLoaded.contains(device), let stored = try? store.lastValues(tenant: device.tenant, deviceID: device.id) {
            lastValuesLoaded.insert(device)
            if !stored.isEmpty {
                var merged = Dictionary(stored.map { ($0.path, $0.lastValue) }) { _, newer in newer }
                merged.merge(lastValues[device] ?? [:]) { stored, live in live.reportedAt >= stored.reportedAt ? live : stored }
                lastValues[device] = merged
            }
        }
        return lastValues[device] ?? [:]
    }

    /// Keeps the values of a successful read or a notification, and queues them for the store.
    func storeLastValues(_ ref: DeviceRef, _ nodes: LwM2MNodes, source: LastValueSource) {
        guard !nodes.values.isEmpty else { return }
        let now = Date()
        var current = lastValues[ref] ?? [:]
        var pending = batch.lastValues[ref] ?? [:]
        for (path, value) in nodes.values where path.level >= .resource {
            let entry = LastValue(value: value, reportedAt: now, source: source)
            current[path] = entry
            pending[path] = entry
        }
        lastValues[ref] = current
        batch.lastValues[ref] = pending
    }

    /// Units for numeric values whose model gives none: IPSO objects report theirs in Sensor
    /// Units (5701) of the same instance, so the device's last reported 5701 is used.
    func reportedUnits(_ values: [DeviceRef: [LwM2MPath: LastValue]]) -> [DeviceRef: [LwM2MPath: String]] {
        var units: [DeviceRef: [LwM2MPath: String]] = [:]
        for (ref, byPath) in values {
            for (path, entry) in byPath where Self.isNumber(entry.value) && model.resource(at: path)?.units == nil {
                guard let object = path.objectID, let instance = path.instanceID else { continue }
                let sibling = LwM2MPath(object: object, instance: instance, resource: 5701)
                if case .string(let text)? = (byPath[sibling] ?? lastValues[ref]?[sibling])?.value, !text.isEmpty {
                    units[ref, default: [:]][path] = text
                }
            }
        }
        return units
    }

    /// The batch's values as store records, rendered with the object model and the units found
    /// by `reportedUnits` (runs off the actor).
    static func lastValueRecords(
        _ values: [DeviceRef: [LwM2MPath: LastValue]], units reported: [DeviceRef: [LwM2MPath: String]], model: ObjectModel
    ) -> [LastValueRecord] {
        let renderer = ResultRenderer(model: model)
        var records: [LastValueRecord] = []
        for (ref, byPath) in values {
            for (path, entry) in byPath {
                var text = renderer.format(entry.value)
                if isNumber(entry.value), let units = model.resource(at: path)?.units ?? reported[ref]?[path] {
                    text += " \(units)"
                }
                records.append(LastValueRecord(tenant: ref.tenant, deviceID: ref.id, path: path, lastValue: entry, rendered: text))
            }
        }
        return records
    }

    static func isNumber(_ value: ResourceValue) -> Bool {
        switch value {
        case .integer, .unsignedInteger, .float: true
        default: false
        }
    }
}

extension LwM2MEngine {
    /// A device's last values rendered as the store keeps them (units from the model, or the
    /// device's Sensor Units), in path order: what the console shows without waiting for a flush.
    public func lastValueRecords(_ device: DeviceRef) -> [LastValueRecord] {
        let values = [device: lastValueDetails(device)]
        return Self.lastValueRecords(values, units: reportedUnits(values), model: model).sorted { $0.path < $1.path }
    }
}
