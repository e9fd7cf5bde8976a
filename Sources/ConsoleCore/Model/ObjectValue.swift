public import Foundation

/// The last known value of one resource as the Objects tab shows it (SPEC §6).
public struct ObjectValue: Sendable, Equatable, Hashable {
    /// The resource path text, e.g. "/3303/0/5700".
    public var path: String
    /// The value as rendered, with units where known (e.g. `21.5 Cel`); resource instances joined.
    public var text: String
    /// When the device reported it (the newest instance for a multi-instance resource).
    public var reportedAt: Date

    /// Creates a value.
    public init(path: String, text: String, reportedAt: Date) {
        self.path = path
        self.text = text
        self.reportedAt = reportedAt
    }
}
