/// The object definitions the console knows: what each object's resources are called, their
/// types and what may be done with them. Built-in OMA/IPSO objects plus any loaded from DDF files.
public struct ObjectModel: Sendable, Hashable {
    /// The definitions by object ID.
    public private(set) var objects: [UInt16: ObjectDefinition]

    /// Creates a model from definitions (a later duplicate ID wins).
    public init(_ definitions: [ObjectDefinition] = []) {
        var objects: [UInt16: ObjectDefinition] = [:]
        for definition in definitions { objects[definition.id] = definition }
        self.objects = objects
    }

    /// The OMA core objects 0–7 and common IPSO objects.
    public static let builtIn = ObjectModel(BuiltInObjects.core + BuiltInObjects.ipso)

    /// The object IDs, in order.
    public var objectIDs: [UInt16] { objects.keys.sorted() }

    /// The definition of an object, if known.
    public func object(_ id: UInt16) -> ObjectDefinition? { objects[id] }

    /// The definition of a resource, if known.
    public func resource(objectID: UInt16, resourceID: UInt16) -> ResourceDefinition? {
        objects[objectID]?.resource(resourceID)
    }

    /// The definition of the resource a resource or resource-instance path names, if known.
    public func resource(at path: LwM2MPath) -> ResourceDefinition? {
        guard let objectID = path.objectID, let resourceID = path.resourceID else { return nil }
        return resource(objectID: objectID, resourceID: resourceID)
    }

    /// The type of the resource a resource or resource-instance path names; nil when unknown or
    /// when the path is above resource level.
    public func resourceType(_ path: LwM2MPath) -> ResourceType? { resource(at: path)?.type }

    /// A lookup for decoders that captures this model.
    public var typeLookup: ResourceTypeLookup {
        let objects = self.objects
        return { path in
            guard let objectID = path.objectID, let resourceID = path.resourceID else { return nil }
            return objects[objectID]?.resource(resourceID)?.type
        }
    }

    /// The resource name for a resource or resource-instance path (`Manufacturer` for `/3/0/0`).
    public func resourceName(_ path: LwM2MPath) -> String? { resource(at: path)?.name }

    /// The name of whatever the path names: the object's name for `/o` and `/o/i`, the
    /// resource's name below.
    public func name(of path: LwM2MPath) -> String? {
        switch path.level {
        case .root: nil
        case .object, .objectInstance: path.objectID.flatMap { objects[$0]?.name }
        case .resource, .resourceInstance: resourceName(path)
        }
    }

    /// This model with `other`'s definitions added; where both define an object, `other` wins
    /// (so DDF files an operator drops in replace the built-in definitions).
    public func merging(_ other: ObjectModel) -> ObjectModel {
        var merged = self
        merged.objects.merge(other.objects) { _, theirs in theirs }
        return merged
    }
}
