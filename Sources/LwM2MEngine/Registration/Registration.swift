/// One device's live registration with the LwM2M server (SPEC §4).
public struct Registration<Address: Hashable & Sendable>: Sendable, Equatable {
    /// The registration ID, also the Location-Path `/rd/<id>`.
    public let id: String
    /// The endpoint client name.
    public let endpoint: String
    /// Where the device's datagrams come from (updated by Update).
    public var address: Address
    /// The authenticated PSK identity, for DTLS registrations.
    public var pskIdentity: String?
    /// Lifetime in seconds.
    public var lifetime: Int
    /// The LwM2M version the device registered with.
    public var version: String
    /// The binding mode.
    public var binding: String
    /// Queue mode (the device sleeps between contacts).
    public var queueMode: Bool
    /// The device's awake time after a contact in ms, if it announced one (`at`).
    public var announcedAwakeTime: Int?
    /// The registration payload (CoRE link format) as the device last sent it.
    public var objectLinks: String
    /// When it registered.
    public let registeredAt: ContinuousClock.Instant
    /// When it last registered or updated.
    public var lastContact: ContinuousClock.Instant
    /// When it expires: last contact + lifetime + grace.
    public var expiresAt: ContinuousClock.Instant
}
