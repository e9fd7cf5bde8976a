public import Foundation

/// One entry of the Events tab.
public struct EventRow: Sendable, Equatable, Hashable {
    /// When it happened.
    public var time: Date
    /// Short kind ("register", "update", "bootstrap").
    public var kind: String
    /// Free text.
    public var text: String

    /// Creates an event row.
    public init(time: Date, kind: String, text: String) {
        self.time = time
        self.kind = kind
        self.text = text
    }
}

extension EventRow {
    /// Stored events (newest first) with the live ones not stored yet in front. A live event is
    /// taken as stored when a stored one has its kind and text within two seconds (the engine
    /// stamps its stored copy itself, so the times differ slightly).
    public static func merging(live: [EventRow], stored: [EventRow], limit: Int) -> [EventRow] {
        guard let newest = stored.first?.time else { return Array(live.prefix(limit)) }
        let fresh = live.filter { event in
            event.time >= newest.addingTimeInterval(-2)
                && !stored.contains { $0.kind == event.kind && $0.text == event.text && abs($0.time.timeIntervalSince(event.time)) < 2 }
        }
        return Array((fresh + stored).prefix(limit))
    }
}
