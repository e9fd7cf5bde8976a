/// A device property from a CSV column the importer does not know (kept as text).
public struct CustomProperty: Sendable, Equatable, Codable {
    /// The column header, as written in the file (trimmed).
    public var name: String
    /// The cell value.
    public var value: String

    /// Creates a property.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
