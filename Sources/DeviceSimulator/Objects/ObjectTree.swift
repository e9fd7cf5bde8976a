public import LwM2M

/// The device's object instances and their resource values.
public struct ObjectTree: Sendable, Equatable {
    /// Resource contents by object ID, instance ID and resource ID.
    public var objects: [UInt16: [UInt16: [UInt16: ResourceContent]]]

    /// Creates a tree.
    public init(objects: [UInt16: [UInt16: [UInt16: ResourceContent]]] = [:]) { self.objects = objects }

    /// True when the path's object, instance, resource (and resource instance) exist.
    public func contains(_ path: LwM2MPath) -> Bool {
        guard let objectID = path.objectID else { return true }
        guard let instances = objects[objectID] else { return false }
        guard let instanceID = path.instanceID else { return true }
        guard let resources = instances[instanceID] else { return false }
        guard let resourceID = path.resourceID else { return true }
        guard let content = resources[resourceID] else { return false }
        guard let resourceInstanceID = path.resourceInstanceID else { return true }
        if case .multiple(let values) = content { return values[resourceInstanceID] != nil }
        return false
    }

    /// The single value at a resource path, if any.
    public func value(_ path: LwM2MPath) -> ResourceValue? {
        guard let o = path.objectID, let i = path.instanceID, let r = path.resourceID,
              let content = objects[o]?[i]?[r] else { return nil }
        switch content {
        case .single(let value): return path.resourceInstanceID == nil ? value : nil
        case .multiple(let values): return path.resourceInstanceID.flatMap { values[$0] }
        }
    }

    /// Sets a single-valued resource (creating the instance if needed).
    public mutating func set(_ object: UInt16, _ instance: UInt16, _ resource: UInt16, _ value: ResourceValue) {
        objects[object, default: [:]][instance, default: [:]][resource] = .single(value)
    }

    /// The values at or below `path` as nodes, keeping only resources `include` accepts.
    func nodes(at path: LwM2MPath, include: (LwM2MPath) -> Bool) -> LwM2MNodes {
        var nodes = LwM2MNodes()
        let objectIDs = path.objectID.map { [$0] } ?? Array(objects.keys)
        for o in objectIDs {
            guard let instances = objects[o] else { continue }
            let instanceIDs = path.instanceID.map { [$0] } ?? Array(instances.keys)
            for i in instanceIDs {
                guard let resources = instances[i] else { continue }
                let resourceIDs = path.resourceID.map { [$0] } ?? Array(resources.keys)
                for r in resourceIDs {
                    let resourcePath = LwM2MPath(object: o, instance: i, resource: r)
                    guard let content = resources[r], include(resourcePath) else { continue }
                    switch content {
                    case .single(let value):
                        nodes.values[resourcePath] = value
                    case .multiple(let values):
                        for (ri, value) in values where path.resourceInstanceID == nil || path.resourceInstanceID == ri {
                            nodes.values[LwM2MPath(object: o, instance: i, resource: r, resourceInstance: ri)] = value
                        }
                    }
                }
            }
        }
        return nodes
    }

    /// Groups decoded nodes by resource: single values, or multiple-resource instances.
    static func contents(of nodes: LwM2MNodes) -> [LwM2MPath: ResourceContent] {
        var result: [LwM2MPath: ResourceContent] = [:]
        for (path, value) in nodes.values {
            if let ri = path.resourceInstanceID {
                let resource = path.parent
                var values: [UInt16: ResourceValue] = [:]
                if case .multiple(let existing) = result[resource] { values = existing }
                values[ri] = value
                result[resource] = .multiple(values)
            } else {
                result[path] = .single(value)
            }
        }
        return result
    }
}
