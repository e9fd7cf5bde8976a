public import Foundation

/// An immutable snapshot of PSK identity → key for one server role, for the DTLS key callback:
/// a dictionary lookup, no disk access. Duplicate devices are left out (never served).
public struct PSKKeyTable: Sendable, Equatable {
    /// Which server the keys are for.
    public let role: PSKRole
    private let keys: [String: Data]

    /// Creates a table from identity → key pairs.
    public init(role: PSKRole, keys: [String: Data]) {
        self.role = role
        self.keys = keys
    }

    /// The key for `identity`, or `nil` when no served device uses it.
    public func key(forIdentity identity: String) -> Data? { keys[identity] }

    /// Number of identities.
    public var count: Int { keys.count }
}
