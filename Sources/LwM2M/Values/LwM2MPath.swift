/// An LwM2M path: root `/`, object `/o`, object instance `/o/i`, resource `/o/i/r` or resource
/// instance `/o/i/r/ri`. Each ID is 0–65535 (65535 is reserved by the spec, so refused).
public struct LwM2MPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The IDs from the object down, at most four.
    public let ids: [UInt16]

    /// The root path `/`.
    public static let root = LwM2MPath(unchecked: [])

    private init(unchecked ids: [UInt16]) { self.ids = ids }

    /// Creates a path from IDs; nil when there are more than four or one is 65535.
    public init?(_ ids: [UInt16]) {
        guard ids.count <= 4, !ids.contains(65535) else { return nil }
        self.ids = ids
    }

    /// Creates an object path `/o`.
    public init(object: UInt16) { self.ids = [object] }
    /// Creates an object-instance path `/o/i`.
    public init(object: UInt16, instance: UInt16) { self.ids = [object, instance] }
    /// Creates a resource path `/o/i/r`.
    public init(object: UInt16, instance: UInt16, resource: UInt16) { self.ids = [object, instance, resource] }
    /// Creates a resource-instance path `/o/i/r/ri`.
    public init(object: UInt16, instance: UInt16, resource: UInt16, resourceInstance: UInt16) {
        self.ids = [object, instance, resource, resourceInstance]
    }

    /// Parses `/3/0/0` (a missing leading slash and one trailing slash are accepted).
    public init(parsing text: some StringProtocol) throws(LwM2MPathError) {
        var body = Substring(text)
        if body.hasPrefix("/") { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        if body.isEmpty { self = .root; return }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 4 else { throw LwM2MPathError(text: String(text), reason: "a path has at most 4 levels (/object/instance/resource/resourceInstance)") }
        var ids: [UInt16] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let id = UInt16(part), id != 65535 else {
                throw LwM2MPathError(text: String(text), reason: "'\(part)' is not an ID from 0 to 65534")
            }
            ids.append(id)
        }
        self.ids = ids
    }

    /// The object ID, if the path names one.
    public var objectID: UInt16? { ids.count > 0 ? ids[0] : nil }
    /// The object-instance ID, if the path names one.
    public var instanceID: UInt16? { ids.count > 1 ? ids[1] : nil }
    /// The resource ID, if the path names one.
    public var resourceID: UInt16? { ids.count > 2 ? ids[2] : nil }
    /// The resource-instance ID, if the path names one.
    public var resourceInstanceID: UInt16? { ids.count > 3 ? ids[3] : nil }

    /// How deep the path goes.
    public var level: Level {
        switch ids.count {
        case 0: .root
        case 1: .object
        case 2: .objectInstance
        case 3: .resource
        default: .resourceInstance
        }
    }

    /// The level a path names.
    public enum Level: Int, Sendable, Comparable {
        case root, object, objectInstance, resource, resourceInstance
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// The path one level down.
    public func appending(_ id: UInt16) -> LwM2MPath? { LwM2MPath(ids + [id]) }

    /// The path one level up (root stays root).
    public var parent: LwM2MPath { LwM2MPath(unchecked: Array(ids.dropLast())) }

    /// True when `self` is `other` or lies below it.
    public func isDescendant(of other: LwM2MPath) -> Bool {
        ids.count >= other.ids.count && Array(ids.prefix(other.ids.count)) == other.ids
    }

    /// The CoAP Uri-Path segments for this path.
    public var uriPathSegments: [String] { ids.map(String.init) }

    public var description: String { ids.isEmpty ? "/" : "/" + ids.map(String.init).joined(separator: "/") }

    public static func < (a: LwM2MPath, b: LwM2MPath) -> Bool { a.ids.lexicographicallyPrecedes(b.ids) }
}

/// A path that does not parse.
public struct LwM2MPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text that was given.
    public let text: String
    /// Why it is not a path.
    public let reason: String
    public var description: String { "invalid path '\(text)': \(reason)" }
}
