/// A `fwupdate NAME;VERSION;URL` request.
public struct FirmwareUpdateRequest: Hashable, Sendable {
    /// The firmware name.
    public var name: String
    /// The firmware version.
    public var version: String
    /// Where the image is (http, https, coap or coaps URL).
    public var url: String

    /// Creates a request.
    public init(name: String, version: String, url: String) {
        self.name = name
        self.version = version
        self.url = url
    }
}
