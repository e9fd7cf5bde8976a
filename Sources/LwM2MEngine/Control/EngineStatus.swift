/// The engine's state for the console header and `serve`'s log.
public struct EngineStatus: Sendable, Equatable, Codable {
    /// True while the four endpoints are bound and serving.
    public var running: Bool
    /// The bound ports (0 when not bound).
    public var bootstrapPort: Int
    /// The bootstrap DTLS port.
    public var bootstrapDTLSPort: Int
    /// The LwM2M server port.
    public var serverPort: Int
    /// The LwM2M server DTLS port.
    public var serverDTLSPort: Int
    /// Live registrations.
    public var registeredDevices: Int
    /// Registrations refused since start (unknown, duplicate, security mismatch).
    public var refusedRegistrations: Int
    /// Operations not yet finished.
    public var openOperations: Int

    /// Creates a status.
    public init(
        running: Bool, bootstrapPort: Int = 0, bootstrapDTLSPort: Int = 0, serverPort: Int = 0,
        serverDTLSPort: Int = 0, registeredDevices: Int = 0, refusedRegistrations: Int = 0, openOperations: Int = 0
    ) {
        self.running = running
        self.bootstrapPort = bootstrapPort
        self.bootstrapDTLSPort = bootstrapDTLSPort
        self.serverPort = serverPort
        self.serverDTLSPort = serverDTLSPort
        self.registeredDevices = registeredDevices
        self.refusedRegistrations = refusedRegistrations
        self.openOperations = openOperations
    }
}
