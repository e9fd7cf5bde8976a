import GRDB

extension DeviceStore {
    /// One page of `query` when the number of matches is known: a page in the second half of
    /// the `matching` devices is read backwards from the last one (the sort reversed, then the
    /// rows put back in order), so the last page costs what the first does instead of skipping
    /// `offset` rows. `matching` should be `countDevices(query)`; when the inventory changed since,
    /// the rows are the ones at the same distance from the end.
    public func devices(_ query: DeviceQuery, matching: Int) throws -> [Device] {
        let offset = max(0, query.offset)
        let wanted = min(max(0, query.limit), max(0, matching - offset))
        let fromEnd = matching - offset - wanted
        guard wanted > 0, fromEnd < offset else { return try devices(query) }
        var reversed = query
        reversed.descending.toggle()
        reversed.offset = fromEnd
        reversed.limit = wanted
        return try devices(reversed).reversed()
    }

    /// How many devices match `query`, exactly, as a cancellable task: cancelling the calling
    /// task interrupts SQLite at once (throws `CancellationError`), so a count that a newer
    /// filter made useless stops costing a core.
    public func countDevicesCancellable(_ query: DeviceQuery) async throws -> Int {
        let (whereSQL, arguments) = Self.filter(query, walkingOrder: false)
        let sql = "SELECT COUNT(*) FROM devices d \(whereSQL)"
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
        } catch let error as DatabaseError {
            throw Self.wrap(error)
        }
    }
}
