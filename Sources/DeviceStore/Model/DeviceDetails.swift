/// Everything known about one device: what `devices show` and the console's details pane display.
public struct DeviceDetails: Sendable, Equatable, Codable {
    /// The device itself.
    public var device: Device
    /// External IDs: `c8y_Id`, the PSK identity types when set, and any `external-<type>` column.
    public var externalIDs: [ExternalID]
    /// Bootstrap parameters.
    public var bootstrap: BootstrapParameters
    /// The LwM2M server PSK, when the device uses PSK towards it.
    public var lwm2mPSK: PSKCredential?
    /// The bootstrap server PSK, when the device uses PSK towards it.
    public var bootstrapPSK: PSKCredential?
    /// Unknown CSV columns, by header name, sorted by name.
    public var customProperties: [CustomProperty]
    /// Whether device credentials (a keyed hash) are stored for this ID.
    public var hasCredentials: Bool

    /// Creates a details value.
    public init(
        device: Device, externalIDs: [ExternalID], bootstrap: BootstrapParameters, lwm2mPSK: PSKCredential?,
        bootstrapPSK: PSKCredential?, customProperties: [CustomProperty], hasCredentials: Bool
    ) {
        self.device = device
        self.externalIDs = externalIDs
        self.bootstrap = bootstrap
        self.lwm2mPSK = lwm2mPSK
        self.bootstrapPSK = bootstrapPSK
        self.customProperties = customProperties
        self.hasCredentials = hasCredentials
    }
}
