import DeviceStore
import Foundation

/// The served devices by endpoint, loaded from the store at start and on `reloadKeys()`, so a
/// plain-port Register reads no SQLite (the store is asked only for endpoints not found here,
/// e.g. devices imported since the last reload). Swapped whole under a lock, read from route tasks.
final class DeviceDirectory: @unchecked Sendable {
    // Confinement proof for @unchecked: `entries` is only read or replaced while `lock` is held,
    // and the dictionary itself is an immutable value once stored.
    private let lock = NSLock()
    private var entries: [String: EngineDirectoryEntry] = [:]

    /// Replaces the directory.
    func replace(_ list: [EngineDirectoryEntry]) {
        var byEndpoint: [String: EngineDirectoryEntry] = [:]
        byEndpoint.reserveCapacity(list.count)
        for entry in list { byEndpoint[entry.device.endpoint] = entry }
        lock.lock()
        entries = byEndpoint
        lock.unlock()
    }

    /// The entry of an endpoint (exact match).
    func entry(_ endpoint: String) -> EngineDirectoryEntry? {
        lock.lock()
        defer { lock.unlock() }
        return entries[endpoint]
    }
}
