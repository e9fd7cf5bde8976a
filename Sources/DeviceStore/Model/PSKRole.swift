/// Which server a PSK credential is for: the bootstrap server or the LwM2M server.
public enum PSKRole: String, Sendable, Codable, CaseIterable {
    /// The LwM2M server's credential (`lwm2m psk_id` / `lwm2m psk_key`).
    case lwm2m
    /// The bootstrap server's credential (`bootstrap psk_id` / `bootstrap psk_key`).
    case bootstrap
}
