/// The definition of an LwM2M object (one `<Object>` of a DDF file).
public struct ObjectDefinition: Hashable, Sendable {
    /// The object ID, e.g. 3.
    public var id: UInt16
    /// The object name, e.g. `Device`.
    public var name: String
    /// The object URN, e.g. `urn:oma:lwm2m:oma:3:1.1`.
    public var urn: String?
    /// The object version (`1.0` when the DDF gives none).
    public var objectVersion: String
    /// The LwM2M enabler version the object was written for, if given.
    public var lwm2mVersion: String?
    /// True when a client may have several instances.
    public var isMultiple: Bool
    /// True when every client must have it.
    public var isMandatory: Bool
    /// The DDF `<Description1>` text, if any.
    public var description: String?
    /// The resources, sorted by ID.
    public private(set) var resources: [ResourceDefinition]
    private var indexByID: [UInt16: Int]

    /// Creates an object definition; resources are sorted by ID (a later duplicate ID wins).
    public init(
        id: UInt16, name: String, urn: String? = nil, objectVersion: String = "1.0", lwm2mVersion: String? = nil,
        isMultiple: Bool, isMandatory: Bool = false, description: String? = nil,
        resources: [ResourceDefinition]
    ) {
        self.id = id
        self.name = name
        self.urn = urn
        self.objectVersion = objectVersion
        self.lwm2mVersion = lwm2mVersion
        self.isMultiple = isMultiple
        self.isMandatory = isMandatory
        self.description = description
        var byID: [UInt16: ResourceDefinition] = [:]
        for resource in resources { byID[resource.id] = resource }
        self.resources = byID.values.sorted { $0.id < $1.id }
        self.indexByID = Dictionary(uniqueKeysWithValues: self.resources.enumerated().map { ($1.id, $0) })
    }

    /// The resource with this ID, if defined.
    public func resource(_ id: UInt16) -> ResourceDefinition? {
        indexByID[id].map { resources[$0] }
    }
}
