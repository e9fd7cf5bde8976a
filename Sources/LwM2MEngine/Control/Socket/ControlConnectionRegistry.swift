import Foundation
import NIOCore

/// The control server's open client connections, so `stop()` can close every one, including a
/// connection accepted by the kernel and NIO that the accept loop never got to (NIO drops those
/// when the listener closes, without closing them).
final class ControlConnectionRegistry: @unchecked Sendable {
    // @unchecked: `channels` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: any Channel] = [:]
    private var closed = false

    /// Records a new connection; closes it at once if the server is already stopping.
    func add(_ channel: any Channel) {
        let accepted = lock.withLock {
            if !closed { channels[ObjectIdentifier(channel)] = channel }
            return !closed
        }
        if !accepted { channel.close(promise: nil) }
    }

    /// Forgets a connection that has ended.
    func remove(_ channel: any Channel) {
        _ = lock.withLock { channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every recorded connection and any added later.
    func closeAll() {
        let open = lock.withLock {
            closed = true
            defer { channels = [:] }
            return Array(channels.values)
        }
        for channel in open { channel.close(promise: nil) }
    }
}
