/// How a device secures its CoAP traffic (the CSV `securityMode` column).
public enum SecurityMode: String, Sendable, Codable, CaseIterable {
    /// Plain CoAP over UDP.
    case noSec = "NO_SEC"
    /// DTLS with a pre-shared key.
    case psk = "PSK"
}
