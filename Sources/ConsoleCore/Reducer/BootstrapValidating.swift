/// Validates one bootstrap field; injected so the form uses the importer's own rules.
public protocol BootstrapValidating: Sendable {
    /// The problem with `field` given all fields, or nil when it is valid.
    func validate(_ field: BootstrapField, in fields: [BootstrapField]) -> String?
}

/// Field rules used until the store's importer validator is injected (same field names).
public struct BasicBootstrapValidator: BootstrapValidating {
    /// Creates the validator.
    public init() {}

    /// Checks URIs, numbers, modes and hex keys by field name.
    public func validate(_ field: BootstrapField, in fields: [BootstrapField]) -> String? {
        let value = field.value
        let mode = fields.first { $0.name == "security_mode" }?.value.uppercased() ?? ""
        switch field.name {
        case "server_uri", "bootstrap_uri":
            if value.isEmpty { return field.name == "server_uri" ? "required" : nil }
            let scheme = mode == "NO_SEC" ? "coap://" : "coaps://"
            guard value.hasPrefix("coap://") || value.hasPrefix("coaps://") else { return "must start with coap:// or coaps://" }
            if !mode.isEmpty, !value.hasPrefix(scheme) { return "\(mode) needs \(scheme)" }
            return value.count > scheme.count ? nil : "missing host"
        case "lifetime":
            guard let number = Int(value), number >= 1 else { return "must be a whole number of seconds ≥ 1" }
            return number <= 31_536_000 ? nil : "at most one year (31536000 s)"
        case "short_server_id":
            guard let number = Int(value), (1...65534).contains(number) else { return "must be 1…65534" }
            return nil
        case "security_mode":
            return ["NO_SEC", "PSK", "RPK", "X509"].contains(value.uppercased()) ? nil : "one of NO_SEC, PSK, RPK, X509"
        case "binding":
            return ["U", "UQ", "S", "SQ", "US", "UQS", "N"].contains(value.uppercased()) ? nil : "one of U, UQ, S, SQ, US, UQS, N"
        case "psk_identity":
            return mode == "PSK" && value.isEmpty ? "required for PSK" : nil
        case "psk_key":
            if mode != "PSK" { return nil }
            if value.isEmpty { return "required for PSK" }
            guard value.count % 2 == 0, value.allSatisfy(\.isHexDigit) else { return "must be hex (even number of digits)" }
            return nil
        default:
            return nil
        }
    }
}
