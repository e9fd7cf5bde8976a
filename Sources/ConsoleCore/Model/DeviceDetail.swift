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

/// An external identifier of a device (IMEI, serial, customer reference…).
public struct ExternalID: Sendable, Equatable, Hashable {
    /// What kind of identifier this is.
    public var kind: String
    /// The identifier.
    public var value: String

    /// Creates an external ID.
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// One bootstrap parameter in the Bootstrap form.
public struct BootstrapField: Sendable, Equatable, Hashable {
    /// Machine name, as the importer's CSV column.
    public var name: String
    /// Label shown to the operator.
    public var label: String
    /// Current value.
    public var value: String
    /// Secrets (keys) are shown masked until revealed.
    public var isSecret: Bool

    /// Creates a field.
    public init(name: String, label: String, value: String, isSecret: Bool = false) {
        self.name = name
        self.label = label
        self.value = value
        self.isSecret = isSecret
    }
}

/// A node of the Objects tree: an object, an instance or a resource.
public struct ObjectNode: Sendable, Equatable, Hashable {
    /// The LwM2M path text, e.g. "/3/0/0".
    public var path: String
    /// Human name from the object model ("Device", "Manufacturer").
    public var name: String
    /// Nesting depth: 0 object, 1 instance, 2 resource.
    public var depth: Int
    /// Last known value, if any.
    public var value: String?
    /// Operations the model allows ("R", "W", "E", "RW").
    public var operations: String

    /// Creates a node.
    public init(path: String, name: String, depth: Int, value: String? = nil, operations: String = "") {
        self.path = path
        self.name = name
        self.depth = depth
        self.value = value
        self.operations = operations
    }
}

/// One entry in the Operations history.
public struct OperationRow: Sendable, Equatable, Hashable {
    /// When the operation was submitted.
    public var submittedAt: Date
    /// The request as typed ("read /3/0/0").
    public var request: String
    /// PENDING, EXECUTING, DONE, TIMEOUT, FAILED.
    public var state: String
    /// Result summary ("2.05 Content").
    public var result: String

    /// Creates a row.
    public init(submittedAt: Date, request: String, state: String, result: String) {
        self.submittedAt = submittedAt
        self.request = request
        self.state = state
        self.result = result
    }
}

/// One entry of the Events tab.
public struct EventRow: Sendable, Equatable, Hashable {
    /// When it happened.
    public var time: Date
    /// Short kind ("register", "update", "bootstrap").
    public var kind: String
    /// Free text.
    public var text: String

    /// Creates an event row.
    public init(time: Date, kind: String, text: String) {
        self.time = time
        self.kind = kind
        self.text = text
    }
}
