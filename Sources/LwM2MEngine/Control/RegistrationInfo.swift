/// A device's live registration as the console shows it.
public struct RegistrationInfo: Sendable, Equatable, Codable {
    /// The registration ID (Location-Path `/rd/<id>`).
    public var id: String
    /// The endpoint client name.
    public var endpoint: String
    /// Where the device is reached (`coap://host:port` or `coaps://…`).
    public var address: String
    /// The binding mode.
    public var binding: String
    /// The lifetime in seconds.
    public var lifetime: Int
    /// The LwM2M version.
    public var version: String
    /// The object links as the device sent them.
    public var objectLinks: String
}
