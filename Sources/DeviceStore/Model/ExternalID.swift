/// An external identifier of a device: a (type, value) pair such as (`c8y_Id`, `psk_device`).
public struct ExternalID: Sendable, Equatable, Hashable, Codable {
    /// The type, e.g. `c8y_Id`, `c8y_Lwm2mPskId`, `c8y_BootstrapPskId` or a custom `external-<type>`.
    public var type: String
    /// The value.
    public var value: String

    /// Creates an external ID.
    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    /// The device ID's external ID type.
    public static let deviceIDType = "c8y_Id"
    /// The LwM2M PSK identity's external ID type.
    public static let lwm2mPSKIDType = "c8y_Lwm2mPskId"
    /// The bootstrap PSK identity's external ID type (how a PSK bootstrap finds its device).
    public static let bootstrapPSKIDType = "c8y_BootstrapPskId"
}
