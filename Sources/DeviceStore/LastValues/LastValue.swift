public import Foundation
public import LwM2M

/// The last value a device reported for one resource (or resource instance), with when and how.
public struct LastValue: Sendable, Hashable {
    /// The decoded, typed value.
    public var value: ResourceValue
    /// When the engine received it.
    public var reportedAt: Date
    /// A read answer or a notification.
    public var source: LastValueSource

    /// Creates a last value.
    public init(value: ResourceValue, reportedAt: Date, source: LastValueSource) {
        self.value = value
        self.reportedAt = reportedAt
        self.source = source
    }
}
