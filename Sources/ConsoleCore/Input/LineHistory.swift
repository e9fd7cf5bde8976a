/// Input history for a line editor (shell and command line), newest last.
public struct LineHistory: Sendable, Equatable {
    /// Lines entered, oldest first.
    public private(set) var entries: [String] = []
    private var position: Int?
    /// Maximum lines kept.
    public let capacity: Int

    /// Creates an empty history.
    public init(capacity: Int = 200) {
        self.capacity = capacity
    }

    /// Records a submitted line (skips blanks and immediate repeats).
    public mutating func record(_ line: String) {
        position = nil
        guard !line.isEmpty, entries.last != line else { return }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// The previous (older) entry, for the Up key.
    public mutating func older() -> String? {
        guard !entries.isEmpty else { return nil }
        let next = max(0, (position ?? entries.count) - 1)
        position = next
        return entries[next]
    }

    /// The next (newer) entry, or "" past the newest, for the Down key.
    public mutating func newer() -> String? {
        guard let current = position else { return nil }
        if current + 1 >= entries.count {
            position = nil
            return ""
        }
        position = current + 1
        return entries[current + 1]
    }
}
