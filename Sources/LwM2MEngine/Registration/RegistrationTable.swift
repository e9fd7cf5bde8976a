/// The live registrations, authoritative while the server runs: O(1) lookup by registration ID
/// and by endpoint, re-registration replacing the previous one, expiry at lifetime + grace.
public struct RegistrationTable<Address: Hashable & Sendable>: Sendable {
    /// Time after the lifetime before a silent device is considered gone (SPEC default 14400 s).
    public let grace: Duration
    // Dense: a registration is ~200 bytes, which a dictionary would pay 2.6 times at 100k.
    private var byID = DenseTable<String, Registration<Address>>()
    private var idByEndpoint: [String: String] = [:]
    private var ids: RegistrationIDGenerator
    // Distinct object-links texts, shared between registrations: a fleet sends few variants, and
    // a text longer than 15 bytes is otherwise one heap allocation per device. Bounded so that
    // devices sending unique texts cannot grow it without limit.
    private var linkTexts: Set<String> = []
    private static var maxSharedLinkTexts: Int { 4_096 }

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
    public var all: some Collection<Registration<Address>> { byID.values }

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
            objectLinks: shared(objectLinks), registeredAt: now, lastContact: now,
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
        if let links = objectLinks, !links.isEmpty { reg.objectLinks = shared(links) }
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
        let gone = byID.values.filter { $0.expiresAt <= now } as [Registration<Address>]
        for reg in gone { _ = deregister(id: reg.id) }
        return gone.sorted { $0.endpoint < $1.endpoint }
    }

    /// Restores a persisted registration (after a restart), keeping its ID.
    public mutating func restore(_ reg: Registration<Address>) {
        var reg = reg
        reg.objectLinks = shared(reg.objectLinks)
        if let old = idByEndpoint[reg.endpoint] { byID[old] = nil }
        byID[reg.id] = reg
        idByEndpoint[reg.endpoint] = reg.id
    }

    /// The stored copy of an equal links text when there is one, so equal texts share storage.
    private mutating func shared(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text } // stored inline in the String anyway
        if let existing = linkTexts.firstIndex(of: text) { return linkTexts[existing] }
        if linkTexts.count < Self.maxSharedLinkTexts { linkTexts.insert(text) }
        return text
    }
}
