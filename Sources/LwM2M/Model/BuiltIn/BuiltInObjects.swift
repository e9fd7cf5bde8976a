/// The object definitions compiled into the console. Facts (IDs, names, types, operations,
/// multiplicity, ranges, units) follow the OMA LwM2M registry; descriptions are left out to
/// keep the binary small (a DDF file in the objects folder can add them).
enum BuiltInObjects {
    /// Shorthand for one resource row.
    static func r(
        _ id: UInt16, _ name: String, _ operations: ResourceOperations, _ type: ResourceType,
        multiple: Bool = false, mandatory: Bool = false, range: String? = nil, units: String? = nil
    ) -> ResourceDefinition {
        ResourceDefinition(
            id: id, name: name, operations: operations, type: type,
            isMultiple: multiple, isMandatory: mandatory, rangeEnumeration: range, units: units
        )
    }
}
