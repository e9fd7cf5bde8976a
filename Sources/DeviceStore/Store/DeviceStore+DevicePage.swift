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

extension DeviceStore {
    /// Where device `id` is in the list `query` describes (its tenant, filter and sort; the page
    /// is ignored): the number of matching devices sorted before it, or `nil` when it does not
    /// match (or does not exist). Costs one count over the matches, so it is for a background
    /// task (the console uses it to keep the selection on a device that a refresh moved).
    public func position(ofDevice id: String, in query: DeviceQuery) throws -> Int? {
        let (whereSQL, arguments) = Self.filter(query, walkingOrder: false)
        var findArguments = arguments
        findArguments += [id]
        let find = "SELECT d.tenant, d.id, d.endpoint, d.name, d.updated_at, d.rowid FROM devices d \(whereSQL.isEmpty ? "WHERE" : whereSQL + " AND") d.id = ? LIMIT 1"
        return try read { db in
            guard let device = try Row.fetchOne(db, sql: find, arguments: findArguments) else { return nil }
            let less = query.descending ? ">" : "<"
            let before: String
            var beforeArguments = arguments
            switch query.sort {
            case .updatedAt:
                let updated: Int64 = device[4]
                let rowid: Int64 = device[5]
                before = "(d.updated_at \(less) ? OR (d.updated_at = ? AND d.rowid \(less) ?))"
                beforeArguments += [updated, updated, rowid]
            case .id, .name, .endpoint:
                let column = query.sort == .id ? "d.id" : query.sort == .name ? "d.name" : "d.endpoint"
                let key: String = device[query.sort == .id ? 1 : query.sort == .name ? 3 : 2]
                let tenant: String = device[0]
                before = """
                    (\(column) COLLATE NOCASE \(less) ? OR (\(column) COLLATE NOCASE = ? AND \
                    (d.tenant \(less) ? OR (d.tenant = ? AND d.id \(less) ?))))
                    """
                beforeArguments += [key, key, tenant, tenant, id]
            }
            let sql = "SELECT COUNT(*) FROM devices d \(whereSQL.isEmpty ? "WHERE" : whereSQL + " AND") \(before)"
            return try Int.fetchOne(db, sql: sql, arguments: beforeArguments) ?? 0
        }
    }
}
