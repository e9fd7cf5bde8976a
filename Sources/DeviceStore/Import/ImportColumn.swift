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
