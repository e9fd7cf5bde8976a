import DeviceStore
import LwM2M

/// Store writes collected between flushes (write-behind): the latest state of each changed
/// operation and device, and the events in order. One flush is one transaction.
struct WriteBehindBatch: Sendable {
    /// Changed operations by ID (only the newest state is written).
    var operations: [Int64: EngineOperationRecord] = [:]
    /// Changed connection states by device.
    var connections: [DeviceRef: EngineConnectionChange] = [:]
    /// Events to append, in order.
    var events: [DeviceEvent] = []
    /// Observations established or cancelled, in order.
    var observations: [EngineObservationChange] = []
    /// Last values reported since the last flush, newest per device and path.
    var lastValues: [DeviceRef: [LwM2MPath: LastValue]] = [:]
    /// True when the registrations file must be rewritten.
    var registrationsChanged = false

    /// True when there is nothing to write.
    var isEmpty: Bool { operations.isEmpty && connections.isEmpty && events.isEmpty && observations.isEmpty && lastValues.isEmpty && !registrationsChanged }
}
