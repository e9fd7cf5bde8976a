import DeviceStore

/// The engine's per-device log levels (SPEC §9) and which device peers the CoAP endpoints tap
/// for VERBOSE logging. Only devices not at the default LIFECYCLE are held, so a fleet at the
/// default costs nothing and its Register/Update path does two empty-dictionary checks.
struct DeviceLogRouting: Sendable {
    /// How often the engine re-reads the levels from the store, so a change written by another
    /// process (`lwm2m-console devices log-level`) is picked up without a restart.
    static let reloadInterval: Duration = .seconds(1)

    /// Devices whose level is not LIFECYCLE.
    var levels: [DeviceRef: DeviceLogLevel] = [:]
    /// The peer each VERBOSE device is tapped at.
    var tapped: [DeviceRef: DevicePeer] = [:]
    /// The VERBOSE device behind each tapped peer.
    var devicesByPeer: [DevicePeer: DeviceRef] = [:]
    /// The bootstrap-port peer each VERBOSE device is tapped at while its bootstrap runs.
    var bootstrapTapped: [DeviceRef: DevicePeer] = [:]
    /// Bumped by every change made through the engine, so a store reload that started before it
    /// does not undo it.
    var generation = 0
    /// The reload from the store running now, if any (`stop()` waits for it, so no store read
    /// outlives the engine).
    var reload: Task<Void, Never>?
    /// When the last reload started.
    var lastReload: ContinuousClock.Instant?

    /// The device's level.
    func level(_ ref: DeviceRef) -> DeviceLogLevel {
        levels.isEmpty ? .default : levels[ref] ?? .default
    }

    /// True when the device's lifecycle events are neither stored nor streamed.
    func silences(_ ref: DeviceRef) -> Bool {
        !levels.isEmpty && levels[ref] == DeviceLogLevel.none
    }
}
