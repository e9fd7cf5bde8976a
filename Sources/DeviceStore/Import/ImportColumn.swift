import Foundation

/// The CSV columns the importer understands (SPEC §2). Raw values are the header names
/// lower-cased, as headers are matched case-insensitively.
enum ImportColumn: String, CaseIterable, Sendable {
    case id = "id"
    case idType = "idtype"
    case credentials = "credentials"
    case name = "name"
    case type = "type"
    case shell = "shell"
    case agent = "com_cumulocity_model_agent"
    case endpoint = "endpoint id"
    case serverURI = "lwm2m server uri"
    case securityMode = "securitymode"
    case bootstrapSecurityMode = "bootstrapsecuritymode"
    case awakeTime = "awaketimeregistrationparameter"
    case serverPublicKey = "serverpublickey"
    case generateBootstrapServerConfig = "generatebootstrapserverconfig"
    case securityInstanceOffset = "securityinstanceoffset"
    case bootstrapShortServerID = "bootstrapshortserverid"
    case lwm2mShortServerID = "lwm2mshortserverid"
    case registrationLifetime = "registrationlifetime"
    case defaultMinimumPeriod = "defaultminimumperiod"
    case defaultMaximumPeriod = "defaultmaximumperiod"
    case bindingMode = "bindingmode"
    case notificationIfDisabled = "notificationifdisabled"
    case disableTimeout = "disabletimeout"
    case binaryDeliveryEncoding = "binarydeliveryencoding"
    case serializationFormat = "serializationformat"
    case requestTimeout = "lwm2mrequesttimeout"
    case lwm2mPSKID = "lwm2m psk_id"
    case lwm2mPSKKey = "lwm2m psk_key"
    case bootstrapPSKID = "bootstrap psk_id"
    case bootstrapPSKKey = "bootstrap psk_key"
    case externalLwm2mPSKID = "external-c8y_lwm2mpskid"
    case externalBootstrapPSKID = "external-c8y_bootstrappskid"
    case fwDeliveryMethod = "fwupdatedeliverymethod"
    case fwSupportedProtocol = "fwupdatesupporteddeviceprotocol"
    case fwResetMechanism = "fwupdateresetmechanism"
    case fwURL = "fwupdateurl"

    /// The column a header names (case-insensitive, blanks trimmed; `security instance id` is the
    /// old name of `securityInstanceOffset`), or `nil` for an unknown header.
    init?(header: String) {
        let key = Self.normalize(header)
        if key == "security instance id" {
            self = .securityInstanceOffset
            return
        }
        self.init(rawValue: key)
    }

    static func normalize(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The case's position in `allCases`: lets the header map columns through an array instead
    /// of a dictionary (hashing showed up in the import profile).
    var ordinal: Int {
        switch self {
        case .id: 0
        case .idType: 1
        case .credentials: 2
        case .name: 3
        case .type: 4
        case .shell: 5
        case .agent: 6
        case .endpoint: 7
        case .serverURI: 8
        case .securityMode: 9
        case .bootstrapSecurityMode: 10
        case .awakeTime: 11
        case .serverPublicKey: 12
        case .generateBootstrapServerConfig: 13
        case .securityInstanceOffset: 14
        case .bootstrapShortServerID: 15
        case .lwm2mShortServerID: 16
        case .registrationLifetime: 17
        case .defaultMinimumPeriod: 18
        case .defaultMaximumPeriod: 19
        case .bindingMode: 20
        case .notificationIfDisabled: 21
        case .disableTimeout: 22
        case .binaryDeliveryEncoding: 23
        case .serializationFormat: 24
        case .requestTimeout: 25
        case .lwm2mPSKID: 26
        case .lwm2mPSKKey: 27
        case .bootstrapPSKID: 28
        case .bootstrapPSKKey: 29
        case .externalLwm2mPSKID: 30
        case .externalBootstrapPSKID: 31
        case .fwDeliveryMethod: 32
        case .fwSupportedProtocol: 33
        case .fwResetMechanism: 34
        case .fwURL: 35
        }
    }

    /// The header as SPEC spells it, used in messages.
    var displayName: String {
        switch self {
        case .id: "ID"
        case .idType: "IDTYPE"
        case .credentials: "CREDENTIALS"
        case .name: "NAME"
        case .type: "TYPE"
        case .shell: "SHELL"
        case .agent: "com_cumulocity_model_Agent"
        case .endpoint: "endpoint id"
        case .serverURI: "lwm2m server uri"
        case .securityMode: "securityMode"
        case .bootstrapSecurityMode: "bootstrapSecurityMode"
        case .awakeTime: "awakeTimeRegistrationParameter"
        case .serverPublicKey: "serverPublicKey"
        case .generateBootstrapServerConfig: "generateBootstrapServerConfig"
        case .securityInstanceOffset: "securityInstanceOffset"
        case .bootstrapShortServerID: "bootstrapShortServerId"
        case .lwm2mShortServerID: "lwm2mShortServerId"
        case .registrationLifetime: "registrationLifetime"
        case .defaultMinimumPeriod: "defaultMinimumPeriod"
        case .defaultMaximumPeriod: "defaultMaximumPeriod"
        case .bindingMode: "bindingMode"
        case .notificationIfDisabled: "notificationIfDisabled"
        case .disableTimeout: "disableTimeout"
        case .binaryDeliveryEncoding: "binaryDeliveryEncoding"
        case .serializationFormat: "serializationFormat"
        case .requestTimeout: "lwm2mRequestTimeout"
        case .lwm2mPSKID: "lwm2m psk_id"
        case .lwm2mPSKKey: "lwm2m psk_key"
        case .bootstrapPSKID: "bootstrap psk_id"
        case .bootstrapPSKKey: "bootstrap psk_key"
        case .externalLwm2mPSKID: "external-c8y_Lwm2mPskId"
        case .externalBootstrapPSKID: "external-c8y_BootstrapPskId"
        case .fwDeliveryMethod: "fwUpdateDeliveryMethod"
        case .fwSupportedProtocol: "fwUpdateSupportedDeviceProtocol"
        case .fwResetMechanism: "fwUpdateResetMechanism"
        case .fwURL: "fwUpdateURL"
        }
    }

    /// The classic (seed) layout's required columns.
    static let classicRequired: [ImportColumn] = [
        .id, .idType, .credentials, .name, .type, .shell, .agent, .endpoint, .serverURI, .securityMode,
    ]
    /// The LwM2M-only layout's required columns.
    static let lwm2mOnlyRequired: [ImportColumn] = [.endpoint, .securityMode]
}
