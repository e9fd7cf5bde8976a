import DeviceStore
import LwM2M

/// The engine's live state for one device that registered or has operations: its queue, where
/// it is reached, what it announced and when it is awake.
struct DeviceSession: Sendable {
    /// The device.
    let ref: DeviceRef
    /// Its endpoint client name.
    var endpoint: String
    /// Its operations.
    var queue: DeviceOperationQueue<ShellRequest>
    /// The live registration's ID, nil when not registered.
    var registrationID: String?
    /// Where it is reached while registered.
    var peer: DevicePeer?
    /// The LwM2M version it registered with.
    var version = "1.0"
    /// The content formats it announced.
    var announced: [ContentFormat] = []
    /// The device's chosen serialization (store's `serializationFormat` or `serialization`).
    var serialization: ContentFormat?
    /// The device's own awake time in ms (`awakeTimeRegistrationParameter`) as read at its last
    /// Register; Updates do not re-read the store. Only this field of the stored parameters is
    /// kept: the whole `BootstrapParameters` would be ~230 bytes per device.
    var deviceAwakeTimeMs: Int?
    /// How binaries travel (`binaryDeliveryEncoding`): `writeb` and firmware PUSH.
    var binaryEncoding = BinaryDeliveryEncoding.opaque
    /// The device's own request timeout (`lwm2mRequestTimeout`).
    var requestTimeout: Duration?
    /// The end of the current awake window; nil while registered means always awake.
    var awakeUntil: ContinuousClock.Instant?
    /// True once the awake window closed (the store shows the device as sleeping).
    var asleep = false

    /// The content-format rules for this device now.
    var formats: ContentFormatChoice {
        ContentFormatChoice(serialization: serialization, announced: announced, version: version)
    }

    /// True when a request may be sent now.
    func isReachable(now: ContinuousClock.Instant) -> Bool {
        guard registrationID != nil, peer != nil else { return false }
        guard let awakeUntil else { return true }
        return now < awakeUntil
    }
}
