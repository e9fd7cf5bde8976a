extension BuiltInObjects {
    /// OMA LwM2M core objects 0–7 (object versions as of LwM2M 1.1).
    static let core: [ObjectDefinition] = [
        security, server, accessControl, device, connectivityMonitoring, firmwareUpdate, location,
        connectivityStatistics,
    ]

    // Security resources have no server operations: only a bootstrap server touches them.
    static let security = ObjectDefinition(
        id: 0, name: "LWM2M Security", urn: "urn:oma:lwm2m:oma:0:1.1", objectVersion: "1.1", lwm2mVersion: "1.1",
        isMultiple: true, isMandatory: true,
        resources: [
            r(0, "LWM2M Server URI", .none, .string, mandatory: true, range: "0..255"),
            r(1, "Bootstrap-Server", .none, .boolean, mandatory: true),
            r(2, "Security Mode", .none, .integer, mandatory: true, range: "0..4"),
            r(3, "Public Key or Identity", .none, .opaque, mandatory: true),
            r(4, "Server Public Key", .none, .opaque, mandatory: true),
            r(5, "Secret Key", .none, .opaque, mandatory: true),
            r(6, "SMS Security Mode", .none, .integer, range: "0..255"),
            r(7, "SMS Binding Key Parameters", .none, .opaque),
            r(8, "SMS Binding Secret Key(s)", .none, .opaque),
            r(9, "LwM2M Server SMS Number", .none, .string),
            r(10, "Short Server ID", .none, .integer, range: "1..65534"),
            r(11, "Client Hold Off Time", .none, .integer, units: "s"),
            r(12, "Bootstrap-Server Account Timeout", .none, .integer, units: "s"),
            r(13, "Matching Type", .none, .unsignedInteger, range: "0..3"),
            r(14, "SNI", .none, .string),
            r(15, "Certificate Usage", .none, .unsignedInteger, range: "0..3"),
            r(16, "DTLS/TLS Ciphersuite", .none, .unsignedInteger, multiple: true),
            r(17, "OSCORE Security Mode", .none, .objlnk),
        ]
    )

    static let server = ObjectDefinition(
        id: 1, name: "LwM2M Server", urn: "urn:oma:lwm2m:oma:1:1.1", objectVersion: "1.1", lwm2mVersion: "1.1",
        isMultiple: true, isMandatory: true,
        resources: [
            r(0, "Short Server ID", .read, .integer, mandatory: true, range: "1..65534"),
            r(1, "Lifetime", .readWrite, .integer, mandatory: true, units: "s"),
            r(2, "Default Minimum Period", .readWrite, .integer, units: "s"),
            r(3, "Default Maximum Period", .readWrite, .integer, units: "s"),
            r(4, "Disable", .execute, .none),
            r(5, "Disable Timeout", .readWrite, .integer, units: "s"),
            r(6, "Notification Storing When Disabled or Offline", .readWrite, .boolean, mandatory: true),
            r(7, "Binding", .readWrite, .string, mandatory: true),
            r(8, "Registration Update Trigger", .execute, .none, mandatory: true),
            r(9, "Bootstrap-Request Trigger", .execute, .none),
            r(10, "APN Link", .readWrite, .objlnk),
            r(11, "TLS-DTLS Alert Code", .read, .unsignedInteger, range: "0..255"),
            r(12, "Last Bootstrapped", .read, .time),
            r(13, "Registration Priority Order", .none, .unsignedInteger),
            r(14, "Initial Registration Delay Timer", .none, .unsignedInteger, units: "s"),
            r(15, "Registration Failure Block", .none, .boolean),
            r(16, "Bootstrap on Registration Failure", .none, .boolean),
            r(17, "Communication Retry Count", .none, .unsignedInteger),
            r(18, "Communication Retry Timer", .none, .unsignedInteger, units: "s"),
            r(19, "Communication Sequence Delay Timer", .none, .unsignedInteger, units: "s"),
            r(20, "Communication Sequence Retry Count", .none, .unsignedInteger),
            r(21, "Trigger", .readWrite, .boolean),
            r(22, "Preferred Transport", .readWrite, .string),
            r(23, "Mute Send", .readWrite, .boolean),
        ]
    )

    static let accessControl = ObjectDefinition(
        id: 2, name: "LwM2M Access Control", urn: "urn:oma:lwm2m:oma:2", objectVersion: "1.0", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(0, "Object ID", .read, .integer, mandatory: true, range: "1..65534"),
            r(1, "Object Instance ID", .read, .integer, mandatory: true, range: "0..65535"),
            r(2, "ACL", .readWrite, .integer, multiple: true, range: "0..31"),
            r(3, "Access Control Owner", .readWrite, .integer, mandatory: true, range: "0..65535"),
        ]
    )

    static let device = ObjectDefinition(
        id: 3, name: "Device", urn: "urn:oma:lwm2m:oma:3:1.1", objectVersion: "1.1", lwm2mVersion: "1.1",
        isMultiple: false, isMandatory: true,
        resources: [
            r(0, "Manufacturer", .read, .string),
            r(1, "Model Number", .read, .string),
            r(2, "Serial Number", .read, .string),
            r(3, "Firmware Version", .read, .string),
            r(4, "Reboot", .execute, .none, mandatory: true),
            r(5, "Factory Reset", .execute, .none),
            r(6, "Available Power Sources", .read, .integer, multiple: true, range: "0..7"),
            r(7, "Power Source Voltage", .read, .integer, multiple: true, units: "mV"),
            r(8, "Power Source Current", .read, .integer, multiple: true, units: "mA"),
            r(9, "Battery Level", .read, .integer, range: "0..100", units: "%"),
            r(10, "Memory Free", .read, .integer, units: "KB"),
            r(11, "Error Code", .read, .integer, multiple: true, mandatory: true, range: "0..8"),
            r(12, "Reset Error Code", .execute, .none),
            r(13, "Current Time", .readWrite, .time),
            r(14, "UTC Offset", .readWrite, .string),
            r(15, "Timezone", .readWrite, .string),
            r(16, "Supported Binding and Modes", .read, .string, mandatory: true),
            r(17, "Device Type", .read, .string),
            r(18, "Hardware Version", .read, .string),
            r(19, "Software Version", .read, .string),
            r(20, "Battery Status", .read, .integer, range: "0..6"),
            r(21, "Memory Total", .read, .integer, units: "KB"),
            r(22, "ExtDevInfo", .read, .objlnk, multiple: true),
        ]
    )

    static let connectivityMonitoring = ObjectDefinition(
        id: 4, name: "Connectivity Monitoring", urn: "urn:oma:lwm2m:oma:4:1.2", objectVersion: "1.2", lwm2mVersion: "1.1",
        isMultiple: false,
        resources: [
            r(0, "Network Bearer", .read, .integer, mandatory: true, range: "0..50"),
            r(1, "Available Network Bearer", .read, .integer, multiple: true, mandatory: true, range: "0..50"),
            r(2, "Radio Signal Strength", .read, .integer, mandatory: true, units: "dBm"),
            r(3, "Link Quality", .read, .integer),
            r(4, "IP Addresses", .read, .string, multiple: true, mandatory: true),
            r(5, "Router IP Addresses", .read, .string, multiple: true),
            r(6, "Link Utilization", .read, .integer, range: "0..100", units: "%"),
            r(7, "APN", .read, .string, multiple: true),
            r(8, "Cell ID", .read, .integer),
            r(9, "SMNC", .read, .integer, range: "0..999"),
            r(10, "SMCC", .read, .integer, range: "0..999"),
            r(11, "SignalSNR", .read, .integer, units: "dB"),
            r(12, "LAC", .read, .integer),
        ]
    )

    static let firmwareUpdate = ObjectDefinition(
        id: 5, name: "Firmware Update", urn: "urn:oma:lwm2m:oma:5:1.1", objectVersion: "1.1", lwm2mVersion: "1.1",
        isMultiple: false,
        resources: [
            r(0, "Package", .write, .opaque, mandatory: true),
            r(1, "Package URI", .readWrite, .string, mandatory: true, range: "0..255"),
            r(2, "Update", .execute, .none, mandatory: true),
            r(3, "State", .read, .integer, mandatory: true, range: "0..3"),
            r(5, "Update Result", .read, .integer, mandatory: true, range: "0..11"),
            r(6, "PkgName", .read, .string, range: "0..255"),
            r(7, "PkgVersion", .read, .string, range: "0..255"),
            r(8, "Firmware Update Protocol Support", .read, .integer, multiple: true, range: "0..5"),
            r(9, "Firmware Update Delivery Method", .read, .integer, mandatory: true, range: "0..2"),
            r(10, "Cancel", .execute, .none),
            r(11, "Severity", .readWrite, .integer, range: "0..2"),
            r(12, "Last State Change Time", .read, .time),
            r(13, "Maximum Defer Period", .readWrite, .unsignedInteger, units: "s"),
        ]
    )

    static let location = ObjectDefinition(
        id: 6, name: "Location", urn: "urn:oma:lwm2m:oma:6", objectVersion: "1.0", lwm2mVersion: "1.0",
        isMultiple: false,
        resources: [
            r(0, "Latitude", .read, .float, mandatory: true, range: "-90..90", units: "lat"),
            r(1, "Longitude", .read, .float, mandatory: true, range: "-180..180", units: "lon"),
            r(2, "Altitude", .read, .float, units: "m"),
            r(3, "Radius", .read, .float, units: "m"),
            r(4, "Velocity", .read, .opaque),
            r(5, "Timestamp", .read, .time, mandatory: true),
            r(6, "Speed", .read, .float, units: "m/s"),
        ]
    )

    static let connectivityStatistics = ObjectDefinition(
        id: 7, name: "Connectivity Statistics", urn: "urn:oma:lwm2m:oma:7", objectVersion: "1.0", lwm2mVersion: "1.0",
        isMultiple: false,
        resources: [
            r(0, "SMS Tx Counter", .read, .integer),
            r(1, "SMS Rx Counter", .read, .integer),
            r(2, "Tx Data", .read, .integer, units: "KB"),
            r(3, "Rx Data", .read, .integer, units: "KB"),
            r(4, "Max Message Size", .read, .integer, units: "B"),
            r(5, "Average Message Size", .read, .integer, units: "B"),
            r(6, "Start", .execute, .none, mandatory: true),
            r(7, "Stop", .execute, .none, mandatory: true),
            r(8, "Collection Period", .readWrite, .integer, units: "s"),
        ]
    )
}
