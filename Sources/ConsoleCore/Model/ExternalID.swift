/// An external identifier of a device (IMEI, serial, customer reference…).
public struct ExternalID: Sendable, Equatable, Hashable {
    /// What kind of identifier this is.
    public var kind: String
    /// The identifier.
    public var value: String

    /// Creates an external ID.
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}
