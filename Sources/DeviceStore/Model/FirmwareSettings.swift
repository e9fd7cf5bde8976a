/// How firmware updates reach a device (the CSV `fwUpdate…` columns); `nil` means "not set".
public struct FirmwareSettings: Sendable, Equatable, Codable {
    /// `PUSH`, `PULL` or `BOTH`.
    public var deliveryMethod: String?
    /// `COAP`, `COAPS`, `HTTP` or `HTTPS`.
    public var supportedDeviceProtocol: String?
    /// `PACKAGE` or `PACKAGE_URI`.
    public var resetMechanism: String?
    /// Where the device downloads firmware from (PULL).
    public var url: String?

    /// Creates firmware settings.
    public init(
        deliveryMethod: String? = nil, supportedDeviceProtocol: String? = nil,
        resetMechanism: String? = nil, url: String? = nil
    ) {
        self.deliveryMethod = deliveryMethod
        self.supportedDeviceProtocol = supportedDeviceProtocol
        self.resetMechanism = resetMechanism
        self.url = url
    }
}
