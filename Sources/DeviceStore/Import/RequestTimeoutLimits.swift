/// The range a per-device `lwm2mRequestTimeout` must fall in (SPEC §9: configured min and max).
public struct RequestTimeoutLimits: Sendable, Equatable {
    /// Smallest allowed timeout in ms.
    public var minimumMs: Int
    /// Largest allowed timeout in ms.
    public var maximumMs: Int

    /// Creates limits; the defaults are SPEC §9's 10,000 and 600,000 ms.
    public init(minimumMs: Int = 10_000, maximumMs: Int = 600_000) {
        self.minimumMs = minimumMs
        self.maximumMs = maximumMs
    }
}
