/// What the bootstrap server writes to a device and how the LwM2M server treats it (SPEC §2–3).
/// Optional values are `nil` when the CSV cell was empty: the engine then uses its configuration.
public struct BootstrapParameters: Sendable, Equatable, Codable {
    /// The LwM2M server URI given to the device (`lwm2m server uri`).
    public var lwm2mServerURI: String?
    /// Security mode towards the bootstrap server (`bootstrapSecurityMode`; defaults to `securityMode`).
    public var bootstrapSecurityMode: SecurityMode
    /// Awake time after a registration in ms (`awakeTimeRegistrationParameter`; 0 = always online).
    public var awakeTimeMs: Int?
    /// The server public key (`serverPublicKey`), kept as given.
    public var serverPublicKey: String?
    /// Whether the bootstrap also writes a bootstrap-server account (`generateBootstrapServerConfig`).
    public var generateBootstrapServerConfig: Bool
    /// First security object instance the bootstrap writes (`securityInstanceOffset`).
    public var securityInstanceOffset: Int
    /// Short server ID of the bootstrap server account (`bootstrapShortServerId`).
    public var bootstrapShortServerID: Int
    /// Short server ID of the LwM2M server account (`lwm2mShortServerId`, 1–65534).
    public var lwm2mShortServerID: Int
    /// Registration lifetime in s (`registrationLifetime`).
    public var registrationLifetime: Int?
    /// Default minimum observation period in s (`defaultMinimumPeriod`).
    public var defaultMinimumPeriod: Int?
    /// Default maximum observation period in s (`defaultMaximumPeriod`).
    public var defaultMaximumPeriod: Int?
    /// `U` or `UQ` (`bindingMode`).
    public var bindingMode: String
    /// Whether notifications are stored while the server is disabled (`notificationIfDisabled`).
    public var notificationIfDisabled: Bool?
    /// How long the server account stays disabled in s (`disableTimeout`).
    public var disableTimeout: Int?
    /// `OPAQUE`, `TLV`, `JSON` or `TEXT` (`binaryDeliveryEncoding`).
    public var binaryDeliveryEncoding: String
    /// Preferred content format for reads and writes (`serializationFormat`).
    public var serializationFormat: String?
    /// Per-device request timeout in ms (`lwm2mRequestTimeout`).
    public var lwm2mRequestTimeoutMs: Int?

    /// The defaults SPEC §2 gives for a row that sets nothing optional.
    public init(bootstrapSecurityMode: SecurityMode = .noSec) {
        lwm2mServerURI = nil
        self.bootstrapSecurityMode = bootstrapSecurityMode
        awakeTimeMs = nil
        serverPublicKey = nil
        generateBootstrapServerConfig = false
        securityInstanceOffset = 0
        bootstrapShortServerID = 0
        lwm2mShortServerID = 1
        registrationLifetime = nil
        defaultMinimumPeriod = nil
        defaultMaximumPeriod = nil
        bindingMode = "UQ"
        notificationIfDisabled = nil
        disableTimeout = nil
        binaryDeliveryEncoding = "OPAQUE"
        serializationFormat = nil
        lwm2mRequestTimeoutMs = nil
    }
}
