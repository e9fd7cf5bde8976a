/// One bootstrap parameter in the Bootstrap form.
public struct BootstrapField: Sendable, Equatable, Hashable {
    /// Machine name, as the importer's CSV column.
    public var name: String
    /// Label shown to the operator.
    public var label: String
    /// Current value.
    public var value: String
    /// Secrets (keys) are shown masked until revealed.
    public var isSecret: Bool

    /// Creates a field.
    public init(name: String, label: String, value: String, isSecret: Bool = false) {
        self.name = name
        self.label = label
        self.value = value
        self.isSecret = isSecret
    }
}
