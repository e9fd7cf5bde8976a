/// How one simulated device connects and behaves.
public struct SimulatedDeviceConfiguration: Sendable {
    /// The LwM2M endpoint client name.
    public var endpoint: String
    /// Bootstrap first from this server (`coap://…` or `coaps://…`); nil registers directly.
    public var bootstrapURI: String?
    /// Register directly to this server when there is no bootstrap server.
    public var serverURI: String?
    /// PSK identity for a `coaps` bootstrap server, or for a `coaps` server given directly.
    public var pskIdentity: String?
    /// PSK key bytes that go with `pskIdentity`.
    public var pskKey: [UInt8]?
    /// Registration lifetime in seconds (replaced by the bootstrap server's /1/x/1 if written).
    public var lifetime: Int = 300
    /// Queue mode (binding `UQ`): the radio is off between contacts.
    public var queueMode = false
    /// How long the device stays awake after each Register/Update in queue mode.
    public var awakeWindow: Duration = .seconds(10)
    /// Time between Updates; nil means 80 % of the lifetime (at least 1 s).
    public var updateInterval: Duration?
    /// Drops every incoming request unanswered (for timeout tests); can be changed later through `LinkControl`.
    public var dropRequests = false
    /// The local address the device's socket binds to.
    public var bindHost = "0.0.0.0"
    /// Sends `pct=` with the Bootstrap-Request (preferred content format), if set.
    public var preferredContentFormat: UInt16?
    /// How long one request to a server may take.
    public var requestTimeout: Duration = .seconds(30)
    /// How long to wait for Bootstrap-Finish after the Bootstrap-Request was accepted.
    public var bootstrapTimeout: Duration = .seconds(60)
    /// How often observed values are checked for a notification.
    public var notificationInterval: Duration = .milliseconds(500)
    /// The delivery methods reported in /5/0/9.
    public var firmwareDelivery: FirmwareDelivery = .both
    /// A firmware failure to pretend (`--firmware-fail`), nil for none.
    public var firmwareFailure: FirmwareFailure?
    /// How long installing a firmware image takes (Update → result).
    public var firmwareUpdateDuration: Duration = .seconds(1)
    /// How long a PULL download (all its blocks) may take.
    public var firmwareDownloadTimeout: Duration = .seconds(120)
    /// What the device reports in object 3 and where it is.
    public var profile = DeviceProfile()

    /// Creates a configuration; give `bootstrapURI` or `serverURI`.
    public init(endpoint: String, bootstrapURI: String? = nil, serverURI: String? = nil, pskIdentity: String? = nil, pskKey: [UInt8]? = nil) {
        self.endpoint = endpoint
        self.bootstrapURI = bootstrapURI
        self.serverURI = serverURI
        self.pskIdentity = pskIdentity
        self.pskKey = pskKey
    }
}
