import Foundation
public import LwM2M

/// One stored last value: a device's resource path, the value, its text as the console shows it,
/// and when and how it was reported.
public struct LastValueRecord: Sendable, Hashable {
    /// The device's tenant.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// The resource or resource-instance path.
    public var path: LwM2MPath
    /// The value with its time and source.
    public var lastValue: LastValue
    /// The value as rendered for people (e.g. `21.5 °C`, `"Acme"`), kept so readers need no model.
    public var rendered: String

    /// Creates a record.
    public init(tenant: String, deviceID: String, path: LwM2MPath, lastValue: LastValue, rendered: String) {
        self.tenant = tenant
        self.deviceID = deviceID
        self.path = path
        self.lastValue = lastValue
        self.rendered = rendered
    }
}
