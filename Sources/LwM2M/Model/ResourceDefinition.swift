/// The definition of one resource of an LwM2M object (one `<Item>` of a DDF file).
public struct ResourceDefinition: Hashable, Sendable {
    /// The resource ID.
    public var id: UInt16
    /// The resource name, e.g. `Manufacturer`.
    public var name: String
    /// What a server may do with it.
    public var operations: ResourceOperations
    /// True for a multiple-instance resource.
    public var isMultiple: Bool
    /// True when every instance of the object must have it.
    public var isMandatory: Bool
    /// The value type (`none` for executable resources).
    public var type: ResourceType
    /// The DDF `<RangeEnumeration>` text, if any.
    public var rangeEnumeration: String?
    /// The DDF `<Units>` text, if any.
    public var units: String?
    /// The DDF `<Description>` text, if any.
    public var description: String?

    /// Creates a resource definition.
    public init(
        id: UInt16, name: String, operations: ResourceOperations, type: ResourceType,
        isMultiple: Bool = false, isMandatory: Bool = false,
        rangeEnumeration: String? = nil, units: String? = nil, description: String? = nil
    ) {
        self.id = id
        self.name = name
        self.operations = operations
        self.type = type
        self.isMultiple = isMultiple
        self.isMandatory = isMandatory
        self.rangeEnumeration = rangeEnumeration.flatMap { $0.isEmpty ? nil : $0 }
        self.units = units.flatMap { $0.isEmpty ? nil : $0 }
        self.description = description.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The numeric range (or byte-length range for String/Opaque) the value must respect, if
    /// the range enumeration is a simple `a..b`.
    public var range: ValueRange? { rangeEnumeration.flatMap(ValueRange.init(parsing:)) }

    /// True when a server may read (and observe) it.
    public var isReadable: Bool { operations.contains(.read) }
    /// True when a server may write it.
    public var isWritable: Bool { operations.contains(.write) }
    /// True when a server may execute it.
    public var isExecutable: Bool { operations.contains(.execute) }
}
