/// How a bulk import runs.
public struct ImportOptions: Sendable, Equatable {
    /// The tenant the devices go to.
    public var tenant: String
    /// Validate and report what would change, then roll everything back.
    public var dryRun: Bool
    /// Refuse rows whose ID already exists in the tenant instead of updating them.
    public var createOnly: Bool
    /// Where to write the failed rows (original cells + `failureReason`), if anywhere.
    public var failedRowsPath: String?
    /// The allowed range of `lwm2mRequestTimeout`.
    public var requestTimeoutLimits: RequestTimeoutLimits

    /// Creates options; by default a real import into `t-default`.
    public init(
        tenant: String = DeviceStore.defaultTenant, dryRun: Bool = false, createOnly: Bool = false,
        failedRowsPath: String? = nil, requestTimeoutLimits: RequestTimeoutLimits = RequestTimeoutLimits()
    ) {
        self.tenant = tenant
        self.dryRun = dryRun
        self.createOnly = createOnly
        self.failedRowsPath = failedRowsPath
        self.requestTimeoutLimits = requestTimeoutLimits
    }
}
