import Foundation
import DeviceStore

/// The identity → key table a DTLS layer asks during a handshake, swapped whole when the store
/// changes (`LwM2MEngine.reloadKeys()`). The DTLS callback runs on the event loop and must not
/// wait, so it reads an immutable table under a lock held only for the pointer copy.
final class PSKKeySnapshot: @unchecked Sendable {
    // Confinement proof for @unchecked: `table` is only read or replaced while `lock` is held,
    // and the table itself is an immutable value.
    private let lock = NSLock()
    private var table: PSKKeyTable?

    /// Replaces the table.
    func replace(_ newTable: PSKKeyTable) {
        lock.lock()
        table = newTable
        lock.unlock()
    }

    /// The key of an identity, nil when unknown.
    func key(_ identity: String) -> [UInt8]? {
        lock.lock()
        let current = table
        lock.unlock()
        return current?.key(forIdentity: identity).map { Array($0) }
    }
}
