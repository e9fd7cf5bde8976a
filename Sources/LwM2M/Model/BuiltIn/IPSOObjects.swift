extension BuiltInObjects {
    /// Common IPSO Smart Objects (object versions 1.1 where the registry has one).
    static let ipso: [ObjectDefinition] = [
        sensor(3300, "Generic Sensor", extra: [r(5751, "Sensor Type", .read, .string)]),
        sensor(3301, "Illuminance"),
        presence,
        sensor(3303, "Temperature"),
        sensor(3304, "Humidity"),
        powerMeasurement,
        actuation,
        setPoint,
        lightControl,
        sensor(3316, "Voltage", extra: [r(5821, "Current Calibration", .readWrite, .float)]),
        sensor(3323, "Pressure", extra: [r(5821, "Current Calibration", .readWrite, .float)]),
        sensor(3328, "Power", extra: [r(5821, "Current Calibration", .readWrite, .float)]),
    ]

    /// Resources every IPSO 1.1 object carries for time-stamped, quality-tagged measurements.
    static let measurementMetadata: [ResourceDefinition] = [
        r(5518, "Timestamp", .read, .time),
        r(6050, "Fractional Timestamp", .read, .float, range: "0..1", units: "s"),
        r(6042, "Measurement Quality Indicator", .read, .integer, range: "0..23"),
        r(6049, "Measurement Quality Level", .read, .integer, range: "0..100"),
    ]

    /// An IPSO sensor object: the shared Sensor Value / min / max / range resource set. The
    /// registry gives no units here: the device reports them in Sensor Units (5701).
    static func sensor(_ id: UInt16, _ name: String, extra: [ResourceDefinition] = []) -> ObjectDefinition {
        ObjectDefinition(
            id: id, name: name, urn: "urn:oma:lwm2m:ext:\(id):1.1", objectVersion: "1.1", lwm2mVersion: "1.0",
            isMultiple: true,
            resources: [
                r(5700, "Sensor Value", .read, .float, mandatory: true),
                r(5701, "Sensor Units", .read, .string),
                r(5601, "Min Measured Value", .read, .float),
                r(5602, "Max Measured Value", .read, .float),
                r(5603, "Min Range Value", .read, .float),
                r(5604, "Max Range Value", .read, .float),
                r(5605, "Reset Min and Max Measured Values", .execute, .none),
                r(5750, "Application Type", .readWrite, .string),
            ] + measurementMetadata + extra
        )
    }

    static let presence = ObjectDefinition(
        id: 3302, name: "Presence", urn: "urn:oma:lwm2m:ext:3302:1.1", objectVersion: "1.1", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(5500, "Digital Input State", .read, .boolean, mandatory: true),
            r(5501, "Digital Input Counter", .read, .integer),
            r(5505, "Digital Input Counter Reset", .execute, .none),
            r(5751, "Sensor Type", .read, .string),
            r(5903, "Busy to Clear delay", .readWrite, .integer, units: "ms"),
            r(5904, "Clear to Busy delay", .readWrite, .integer, units: "ms"),
            r(5750, "Application Type", .readWrite, .string),
        ] + measurementMetadata
    )

    static let powerMeasurement = ObjectDefinition(
        id: 3305, name: "Power Measurement", urn: "urn:oma:lwm2m:ext:3305:1.1", objectVersion: "1.1", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(5800, "Instantaneous active power", .read, .float, mandatory: true, units: "W"),
            r(5801, "Min Measured active power", .read, .float, units: "W"),
            r(5802, "Max Measured active power", .read, .float, units: "W"),
            r(5803, "Min Range active power", .read, .float, units: "W"),
            r(5804, "Max Range active power", .read, .float, units: "W"),
            r(5805, "Cumulative active power", .read, .float, units: "Wh"),
            r(5806, "Active Power Calibration", .write, .float, units: "W"),
            r(5810, "Instantaneous reactive power", .read, .float, units: "var"),
            r(5811, "Min Measured reactive power", .read, .float, units: "var"),
            r(5812, "Max Measured reactive power", .read, .float, units: "var"),
            r(5813, "Min Range reactive power", .read, .float, units: "var"),
            r(5814, "Max Range reactive power", .read, .float, units: "var"),
            r(5815, "Cumulative reactive power", .read, .float, units: "varh"),
            r(5816, "Reactive Power Calibration", .write, .float, units: "var"),
            r(5820, "Power factor", .read, .float),
            r(5821, "Current Calibration", .readWrite, .float),
            r(5822, "Reset Cumulative energy", .execute, .none),
            r(5605, "Reset Min and Max Measured Values", .execute, .none),
            r(5750, "Application Type", .readWrite, .string),
        ] + measurementMetadata
    )

    static let actuation = ObjectDefinition(
        id: 3306, name: "Actuation", urn: "urn:oma:lwm2m:ext:3306:1.1", objectVersion: "1.1", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(5850, "On/Off", .readWrite, .boolean, mandatory: true),
            r(5851, "Dimmer", .readWrite, .integer, range: "0..100", units: "%"),
            r(5852, "On time", .readWrite, .integer, units: "s"),
            r(5853, "Multi-state Output", .readWrite, .string),
            r(5750, "Application Type", .readWrite, .string),
            r(5518, "Timestamp", .read, .time),
            r(6050, "Fractional Timestamp", .read, .float, range: "0..1", units: "s"),
        ]
    )

    static let setPoint = ObjectDefinition(
        id: 3308, name: "Set Point", urn: "urn:oma:lwm2m:ext:3308:1.1", objectVersion: "1.1", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(5900, "Set Point Value", .readWrite, .float, mandatory: true),
            r(5701, "Sensor Units", .read, .string),
            r(5706, "Colour", .readWrite, .string),
            r(5750, "Application Type", .readWrite, .string),
            r(5518, "Timestamp", .read, .time),
            r(6050, "Fractional Timestamp", .read, .float, range: "0..1", units: "s"),
        ]
    )

    static let lightControl = ObjectDefinition(
        id: 3311, name: "Light Control", urn: "urn:oma:lwm2m:ext:3311", objectVersion: "1.0", lwm2mVersion: "1.0",
        isMultiple: true,
        resources: [
            r(5850, "On/Off", .readWrite, .boolean, mandatory: true),
            r(5851, "Dimmer", .readWrite, .integer, range: "0..100", units: "%"),
            r(5852, "On time", .readWrite, .integer, units: "s"),
            r(5805, "Cumulative active power", .read, .float, units: "Wh"),
            r(5820, "Power factor", .read, .float),
            r(5706, "Colour", .readWrite, .string),
            r(5701, "Sensor Units", .read, .string),
            r(5750, "Application Type", .readWrite, .string),
        ]
    )
}
