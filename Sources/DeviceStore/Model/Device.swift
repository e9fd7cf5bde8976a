public import Foundation

/// One device of the inventory (SPEC §1), as listed and shown by the console.
public struct Device: Sendable, Equatable, Codable {
    /// The tenant the device belongs to.
    public var tenant: String
    /// The device ID (unique within its tenant; its `c8y_Id` external ID).
    public var id: String
    /// Display name.
    public var name: String
    /// Device type (`c8y_lwm2m`).
    public var type: String
    /// Owner user (`device_<ID>`).
    public var owner: String
    /// Whether shell commands are enabled (SHELL).
    public var shellEnabled: Bool
    /// The agent flag (com_cumulocity_model_Agent).
    public var isAgent: Bool
    /// The LwM2M endpoint client name.
    public var endpoint: String
    /// Security mode towards the LwM2M server.
    public var securityMode: SecurityMode
    /// Firmware update settings.
    public var firmware: FirmwareSettings
    /// Where the device stands with the engine.
    public var connectionState: ConnectionState
    /// When the engine last heard from the device.
    public var lastSeen: Date?
    /// True when another tenant already owned the endpoint at import: never served by the engine.
    public var isDuplicate: Bool
    /// When the device was first imported.
    public var createdAt: Date
    /// When the device was last changed by an import or an edit.
    public var updatedAt: Date

    /// Creates a device value.
    public init(
        tenant: String, id: String, name: String, type: String, owner: String, shellEnabled: Bool,
        isAgent: Bool, endpoint: String, securityMode: SecurityMode, firmware: FirmwareSettings,
        connectionState: ConnectionState, lastSeen: Date?, isDuplicate: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.tenant = tenant
        self.id = id
        self.name = name
        self.type = type
        self.owner = owner
        self.shellEnabled = shellEnabled
        self.isAgent = isAgent
        self.endpoint = endpoint
        self.securityMode = securityMode
        self.firmware = firmware
        self.connectionState = connectionState
        self.lastSeen = lastSeen
        self.isDuplicate = isDuplicate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
