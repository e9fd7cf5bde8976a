/// What the bootstrap server writes to one device, taken from its stored bootstrap parameters
/// (SPEC §3; the CSV columns of §2).
public struct BootstrapSettings: Sendable, Equatable {
    /// How the device talks to the LwM2M server.
    public enum SecurityMode: String, Sendable, Equatable {
        case noSec = "NO_SEC"
        case psk = "PSK"

        /// The Security object's resource 2 value (PSK = 0, NoSec = 3).
        public var securityObjectValue: Int64 { self == .psk ? 0 : 3 }
    }

    /// The device's LwM2M server URI (`lwm2m server uri`).
    public var serverURI: String
    /// The security mode towards the LwM2M server.
    public var securityMode: SecurityMode
    /// The LwM2M PSK identity (PSK only).
    public var pskIdentity: String?
    /// The LwM2M PSK key bytes (PSK only).
    public var pskKey: [UInt8]?
    /// The server public key (`serverPublicKey`), if any.
    public var serverPublicKey: [UInt8]?
    /// Where the LwM2M server's Security instance goes (`securityInstanceOffset`).
    public var securityInstanceOffset: UInt16 = 0
    /// The LwM2M server's Short Server ID (1–65534).
    public var shortServerID: Int64 = 1
    /// Whether to also write a Security instance for the bootstrap server.
    public var generateBootstrapServerConfig = false
    /// The bootstrap server URI written when `generateBootstrapServerConfig` is set.
    public var bootstrapServerURI: String?
    /// The bootstrap PSK identity (PSK only).
    public var bootstrapPskIdentity: String?
    /// The bootstrap PSK key bytes (PSK only).
    public var bootstrapPskKey: [UInt8]?
    /// The bootstrap server's Short Server ID (written only when > 0).
    public var bootstrapShortServerID: Int64 = 0
    /// Registration lifetime in seconds (default 432000).
    public var lifetime: Int64 = 432_000
    /// Default minimum observation period in seconds.
    public var defaultMinimumPeriod: Int64?
    /// Default maximum observation period in seconds.
    public var defaultMaximumPeriod: Int64?
    /// Disable timeout in seconds.
    public var disableTimeout: Int64?
    /// Notification storing when disabled or offline.
    public var notificationStoringWhenDisabled: Bool?
    /// Binding (`U` or `UQ`).
    public var binding: String = "UQ"

    /// Creates settings with SPEC defaults for everything but the server URI and mode.
    public init(serverURI: String, securityMode: SecurityMode) {
        self.serverURI = serverURI
        self.securityMode = securityMode
    }
}
