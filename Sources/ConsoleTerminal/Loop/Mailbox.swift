public import ConsoleCore
import Glibc
import Synchronization

/// Where background work posts its results for the UI thread; posting wakes the event loop.
public final class Mailbox: Sendable {
    private let queue = Mutex<[Action]>([])
    private let wakeWrite: Int32

    /// Creates a mailbox that wakes the loop by writing to `wakeDescriptor` (a pipe's write end).
    init(wakeDescriptor: Int32) {
        wakeWrite = wakeDescriptor
    }

    /// Queues an action from any thread and wakes the loop.
    public func post(_ action: Action) {
        queue.withLock { $0.append(action) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Takes every queued action, oldest first.
    func drain() -> [Action] {
        queue.withLock { actions in
            defer { actions.removeAll(keepingCapacity: true) }
            return actions
        }
    }
}
