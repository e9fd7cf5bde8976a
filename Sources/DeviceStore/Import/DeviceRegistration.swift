/// A row that passed the per-row rules: the device it describes, ready to be checked against
/// the store and written.
struct DeviceRegistration {
    var id: String
    var name: String
    var type: String
    var shellEnabled: Bool
    var isAgent: Bool
    var endpoint: String
    var securityMode: SecurityMode
    var password: String?
    var bootstrap: BootstrapParameters
    var lwm2mPSK: PSKCredential?
    var bootstrapPSK: PSKCredential?
    var firmware: FirmwareSettings
    /// External IDs from `external-<type>` columns (the derived types excluded).
    var externalIDs: [ExternalID]
    var customProperties: [CustomProperty]
}
