import Foundation

/// What an LwM2M server may do with a resource: Read, Write, Execute (DDF `<Operations>`).
public struct ResourceOperations: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The operation bits.
    public let rawValue: UInt8
    /// Creates operations from bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Read (and Observe).
    public static let read = ResourceOperations(rawValue: 1 << 0)
    /// Write.
    public static let write = ResourceOperations(rawValue: 1 << 1)
    /// Execute.
    public static let execute = ResourceOperations(rawValue: 1 << 2)
    /// Read and write.
    public static let readWrite: ResourceOperations = [.read, .write]
    /// No operation for an LwM2M server (Security object resources: bootstrap only).
    public static let none: ResourceOperations = []

    /// Parses a DDF `<Operations>` value (`R`, `W`, `RW`, `E`, or empty); nil for anything else.
    public init?(ddfName: String) {
        var ops: ResourceOperations = []
        for character in ddfName.trimmingCharacters(in: .whitespaces).uppercased() {
            switch character {
            case "R": ops.insert(.read)
            case "W": ops.insert(.write)
            case "E": ops.insert(.execute)
            default: return nil
            }
        }
        // Execute never combines with read or write in the OMA registry.
        if ops.contains(.execute) && ops != .execute { return nil }
        self = ops
    }

    /// The DDF spelling (`RW`, `E`, … or `none`).
    public var description: String {
        if isEmpty { return "none" }
        return (contains(.read) ? "R" : "") + (contains(.write) ? "W" : "") + (contains(.execute) ? "E" : "")
    }
}
