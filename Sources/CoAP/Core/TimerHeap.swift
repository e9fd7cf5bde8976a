import NIOCore

/// A binary min-heap of (deadline, peer) wake-ups; stale entries are skipped by the caller.
struct TimerHeap {
    private var items: [(deadline: NIODeadline, peer: SocketAddress)] = []

    /// The number of entries, stale ones included.
    var count: Int { items.count }

    /// The earliest deadline.
    var earliest: NIODeadline? { items.first?.deadline }

    /// Adds a wake-up.
    mutating func push(_ deadline: NIODeadline, _ peer: SocketAddress) {
        items.append((deadline, peer))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].deadline < items[parent].deadline else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(_ now: NIODeadline) -> (deadline: NIODeadline, peer: SocketAddress)? {
        guard let first = items.first, first.deadline <= now else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left].deadline < items[smallest].deadline { smallest = left }
                if right < items.count && items[right].deadline < items[smallest].deadline { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }

    /// Drops every entry.
    mutating func removeAll() { items.removeAll() }
}
