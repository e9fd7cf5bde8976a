/// Why a key name was refused.
public struct KeyNameError: Error, Sendable, Equatable {
    /// What is wrong with the name.
    public var reason: String
}
