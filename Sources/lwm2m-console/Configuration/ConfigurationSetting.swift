/// One setting of SPEC §9 plus the console's theme, with its three spellings: the configuration
/// file's key (`server_port`), the environment variable (`LWM2M_CONSOLE_SERVER_PORT`) and the
/// flag (`--server-port`).
enum ConfigurationSetting: String, CaseIterable, Sendable {
    case dataDir = "data_dir"
    case theme
    case bind
    case bootstrapPort = "bootstrap_port"
    case bootstrapDtlsPort = "bootstrap_dtls_port"
    case serverPort = "server_port"
    case serverDtlsPort = "server_dtls_port"
    case requestTimeout = "request_timeout"
    case minRequestTimeout = "min_request_timeout"
    case maxRequestTimeout = "max_request_timeout"
    case awakeTime = "awake_time"
    case lifetime
    case grace
    case queueLimit = "queue_limit"
    case maxFirmwareJobs = "max_firmware_jobs"

    /// What kind of value a setting holds (decides parsing and validation).
    enum Kind: Equatable {
        /// A directory path.
        case path
        /// A theme name.
        case name
        /// An IPv4 or IPv6 address.
        case address
        /// A UDP port, 0 for any free one.
        case port
        /// A duration; a bare number is in this unit.
        case duration(EngineOptions.BareUnit)
        /// A positive count.
        case count
    }

    /// The key in the configuration file.
    var key: String { rawValue }

    /// The command-line flag.
    var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }

    /// The environment variable.
    var environmentVariable: String { "LWM2M_CONSOLE_" + rawValue.uppercased() }

    /// The kind of value.
    var kind: Kind {
        switch self {
        case .dataDir: .path
        case .theme: .name
        case .bind: .address
        case .bootstrapPort, .bootstrapDtlsPort, .serverPort, .serverDtlsPort: .port
        case .requestTimeout, .minRequestTimeout, .maxRequestTimeout, .awakeTime: .duration(.milliseconds)
        case .lifetime, .grace: .duration(.seconds)
        case .queueLimit, .maxFirmwareJobs: .count
        }
    }

    /// What a count setting counts, for messages ("a queue limit").
    var countName: String {
        self == .maxFirmwareJobs ? "a firmware job limit" : "a queue limit"
    }

    /// The built-in value (SPEC §9); nil for the data directory, whose default is the XDG one.
    var defaultValue: SettingValue? {
        switch self {
        case .dataDir: nil
        case .theme: .text("default")
        case .bind: .text("0.0.0.0")
        case .bootstrapPort: .integer(5683)
        case .bootstrapDtlsPort: .integer(5684)
        case .serverPort: .integer(5783)
        case .serverDtlsPort: .integer(5784)
        case .requestTimeout: .duration(.milliseconds(180_000))
        case .minRequestTimeout: .duration(.milliseconds(10_000))
        case .maxRequestTimeout: .duration(.milliseconds(600_000))
        case .awakeTime: .duration(.zero)
        case .lifetime: .duration(.seconds(432_000))
        case .grace: .duration(.seconds(14_400))
        case .queueLimit: .integer(1000)
        case .maxFirmwareJobs: .integer(50)
        }
    }

    /// The setting whose file key is `key`.
    init?(key: String) {
        self.init(rawValue: key)
    }
}
