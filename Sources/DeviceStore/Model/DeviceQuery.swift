/// A page of the device list: optional tenant, case-insensitive prefix filter, sort and page.
public struct DeviceQuery: Sendable, Equatable {
    /// The column to sort by.
    public enum SortKey: String, Sendable, CaseIterable {
        /// Device ID.
        case id
        /// Display name.
        case name
        /// Endpoint client name.
        case endpoint
        /// Last change.
        case updatedAt
    }

    /// Only this tenant's devices; `nil` lists every tenant.
    public var tenant: String?
    /// Keeps devices whose ID, endpoint or name starts with this text (ASCII case-insensitive).
    public var prefix: String?
    /// Sort column.
    public var sort: SortKey
    /// Sort direction.
    public var descending: Bool
    /// Page size (capped at 10,000).
    public var limit: Int
    /// Rows to skip.
    public var offset: Int

    /// Creates a query; by default the first 100 devices of all tenants by ID.
    public init(
        tenant: String? = nil, prefix: String? = nil, sort: SortKey = .id, descending: Bool = false,
        limit: Int = 100, offset: Int = 0
    ) {
        self.tenant = tenant
        self.prefix = prefix
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}
