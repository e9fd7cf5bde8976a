public import Foundation

/// Everything the Details pane shows for one device.
public struct DeviceDetail: Sendable, Equatable {
    /// The device's table row (identity and state).
    public var row: DeviceRow
    /// Registration lifetime in seconds, if registered.
    public var lifetime: Int?
    /// Binding mode (U, UQ, …).
    public var binding: String?
    /// Peer address of the current registration.
    public var address: String?
    /// When the device registered.
    public var registeredAt: Date?
    /// External identifiers (kind → value), shown in the External IDs tab.
    public var externalIDs: [ExternalID]
    /// Bootstrap parameters, the editable form.
    public var bootstrap: [BootstrapField]
    /// Object tree from the registration's links and the object model.
    public var objects: [ObjectNode]
    /// Operation history, newest first.
    public var operations: [OperationRow]
    /// Device events, newest first.
    public var events: [EventRow]

    /// How many events the Events tab keeps while new ones arrive live.
    public static let liveEventLimit = 200

    /// Creates a detail record.
    public init(
        row: DeviceRow, lifetime: Int? = nil, binding: String? = nil, address: String? = nil, registeredAt: Date? = nil,
        externalIDs: [ExternalID] = [], bootstrap: [BootstrapField] = [], objects: [ObjectNode] = [],
        operations: [OperationRow] = [], events: [EventRow] = []
    ) {
        self.row = row
        self.lifetime = lifetime
        self.binding = binding
        self.address = address
        self.registeredAt = registeredAt
        self.externalIDs = externalIDs
        self.bootstrap = bootstrap
        self.objects = objects
        self.operations = operations
        self.events = events
    }
}
