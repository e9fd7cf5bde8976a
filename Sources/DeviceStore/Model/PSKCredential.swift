public import Foundation

/// A DTLS pre-shared key and the identity a device presents with it.
public struct PSKCredential: Sendable, Equatable, Codable {
    /// The PSK identity (the CSV `… psk_id` column).
    public var identity: String
    /// The key bytes (the CSV `… psk_key` column, hex-decoded).
    public var key: Data

    /// Creates a credential.
    public init(identity: String, key: Data) {
        self.identity = identity
        self.key = key
    }
}
