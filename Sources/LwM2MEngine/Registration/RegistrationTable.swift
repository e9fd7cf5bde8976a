/// The live registrations, authoritative while the server runs: O(1) lookup by registration ID
/// and by endpoint, re-registration replacing the previous one, expiry at lifetime + grace.
public struct RegistrationTable<Address: Hashable & Sendable>: Sendable {
    /// Time after the lifetime before a silent device is considered gone (SPEC default 14400 s).
    public let grace: Duration
    private var byID: [String: Registration<Address>] = [:]
    private var idByEndpoint: [String: String] = [:]
    private var ids: RegistrationIDGenerator

    /// Creates an empty table.
    public init(grace: Duration = .seconds(14_400), runPrefix: String) {
        self.grace = grace
        self.ids = RegistrationIDGenerator(runPrefix: runPrefix)
    }

    /// The number of live registrations.
    public var count: Int { byID.count }

    /// The registration with this ID.
    public func registration(id: String) -> Registration<Address>? { byID[id] }

    /// The registration of this endpoint.
    public func registration(endpoint: String) -> Registration<Address>? {
        idByEndpoint[endpoint].flatMap { byID[$0] }
    }

    /// All registrations (unordered).
    public var all: Dictionary<String, Registration<Address>>.Values { byID.values }

    /// Registers an endpoint; a previous registration of the same endpoint is replaced and
    /// returned as `replaced`.
    public mutating func register(
        endpoint: String, parameters: RegistrationParameters, address: Address, pskIdentity: String?,
        objectLinks: String, now: ContinuousClock.Instant
    ) -> (registration: Registration<Address>, replaced: Registration<Address>?) {
        let replaced = idByEndpoint[endpoint].flatMap { byID.removeValue(forKey: $0) }
        let lifetime = parameters.lifetime ?? 86_400
        let reg = Registration(
            id: ids.makeID(), endpoint: endpoint, address: address, pskIdentity: pskIdentity,
            lifetime: lifetime, version: parameters.version ?? "1.0", binding: parameters.binding ?? "U",
            queueMode: parameters.queueMode, announcedAwakeTime: parameters.awakeTime,
            objectLinks: objectLinks, registeredAt: now, lastContact: now,
            expiresAt: now + .seconds(lifetime) + grace)
        byID[reg.id] = reg
        idByEndpoint[endpoint] = reg.id
        return (reg, replaced)
    }

    /// Applies an Update; nil when the ID is unknown (answer 4.04 so the device re-registers).
    public mutating func update(
        id: String, parameters: RegistrationParameters, address: Address, objectLinks: String?,
        now: ContinuousClock.Instant
    ) -> Registration<Address>? {
        guard var reg = byID[id] else { return nil }
        if let lt = parameters.lifetime { reg.lifetime = lt }
        if let b = parameters.binding { reg.binding = b }
        if parameters.queueMode { reg.queueMode = true }
        if let at = parameters.awakeTime { reg.announcedAwakeTime = at }
        if let links = objectLinks, !links.isEmpty { reg.objectLinks = links }
        reg.address = address
        reg.lastContact = now
        reg.expiresAt = now + .seconds(reg.lifetime) + grace
        byID[id] = reg
        return reg
    }

    /// Removes a registration (De-register); nil when the ID is unknown.
    public mutating func deregister(id: String) -> Registration<Address>? {
        guard let reg = byID.removeValue(forKey: id) else { return nil }
        if idByEndpoint[reg.endpoint] == id { idByEndpoint[reg.endpoint] = nil }
        return reg
    }

    /// Removes and returns the registrations whose expiry is at or before `now`.
    public mutating func expire(now: ContinuousClock.Instant) -> [Registration<Address>] {
        let gone = byID.values.filter { $0.expiresAt <= now }
        for reg in gone { _ = deregister(id: reg.id) }
        return gone.sorted { $0.endpoint < $1.endpoint }
    }

    /// Restores a persisted registration (after a restart), keeping its ID.
    public mutating func restore(_ reg: Registration<Address>) {
        if let old = idByEndpoint[reg.endpoint] { byID[old] = nil }
        byID[reg.id] = reg
        idByEndpoint[reg.endpoint] = reg.id
    }
}
