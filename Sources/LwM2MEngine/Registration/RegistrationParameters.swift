/// The query parameters of a Register (`POST /rd?ep=&lt=&lwm2m=&b=&sms=&Q`) or Update
/// (`POST /rd/<id>?lt=&b=&sms=`) request, checked (OMA LwM2M 1.1 Transport §6.2.1 / §6.2.2).
public struct RegistrationParameters: Sendable, Equatable {
    /// The endpoint client name (`ep`); Register only.
    public var endpoint: String?
    /// The lifetime in seconds (`lt`); Register defaults it to 86400 when absent.
    public var lifetime: Int?
    /// The LwM2M enabler version (`lwm2m`); absent means 1.0.
    public var version: String?
    /// The binding mode (`b`), e.g. `U` or `UQ`.
    public var binding: String?
    /// The SMS number (`sms`).
    public var smsNumber: String?
    /// Queue mode (`Q`, LwM2M 1.1; `UQ` binding in 1.0).
    public var queueMode: Bool
    /// The awake time (`at`) in ms, when the client announces one.
    public var awakeTime: Int?

    /// Parses Uri-Query values such as `["ep=dev1", "lt=300", "Q"]`.
    public init(query: [String]) throws(RegistrationParameterError) {
        var endpoint: String?
        var lifetime: Int?
        var version: String?
        var binding: String?
        var sms: String?
        var queue = false
        var awake: Int?
        for item in query {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : nil
            switch key {
            case "ep":
                guard let v = value, !v.isEmpty else { throw RegistrationParameterError("ep= is empty") }
                endpoint = v
            case "lt":
                guard let v = value, let n = Int(v), n > 0 else { throw RegistrationParameterError("lt= must be a positive number of seconds, got '\(value ?? "")'") }
                lifetime = n
            case "lwm2m":
                guard let v = value, !v.isEmpty else { throw RegistrationParameterError("lwm2m= is empty") }
                version = v
            case "b":
                guard let v = value, !v.isEmpty, v.allSatisfy({ "UQSNT".contains($0) }) else {
                    throw RegistrationParameterError("b= must be a binding such as U or UQ, got '\(value ?? "")'")
                }
                binding = v
                if v.contains("Q") { queue = true }
            case "sms": sms = value
            case "Q": queue = true
            case "at":
                guard let v = value, let n = Int(v), n >= 0 else { throw RegistrationParameterError("at= must be milliseconds ≥ 0") }
                awake = n
            default:
                continue // unknown parameters are ignored, as the spec allows extensions
            }
        }
        self.endpoint = endpoint
        self.lifetime = lifetime
        self.version = version
        self.binding = binding
        self.smsNumber = sms
        self.queueMode = queue
        self.awakeTime = awake
    }
}

/// A Register/Update query that cannot be accepted (answered 4.00 Bad Request).
public struct RegistrationParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
