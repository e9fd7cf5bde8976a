public import Foundation

/// A device's live registration as the console and the CLI show it.
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
    /// True when the device sleeps between contacts (queue mode).
    public var queueMode: Bool
    /// When it registered (for a registration restored after a restart: its last contact before).
    public var registeredAt: Date
    /// When it last registered or updated.
    public var lastContactAt: Date
    /// When it goes offline without another Register or Update (last contact + lifetime + grace).
    public var expiresAt: Date

    /// Creates a registration record.
    public init(
        id: String, endpoint: String, address: String, binding: String, lifetime: Int, version: String,
        objectLinks: String, queueMode: Bool, registeredAt: Date, lastContactAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.endpoint = endpoint
        self.address = address
        self.binding = binding
        self.lifetime = lifetime
        self.version = version
        self.objectLinks = objectLinks
        self.queueMode = queueMode
        self.registeredAt = registeredAt
        self.lastContactAt = lastContactAt
        self.expiresAt = expiresAt
    }
}
