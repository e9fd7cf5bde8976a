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
