/// The checks and naming every encoder shares: which values a payload for a path may hold, and
/// how their names read relative to that path.
enum NodeLayout {
    /// The values in path order, after checking each names a resource or resource instance at or
    /// below `path`, and that no resource appears both as a single value and with instances.
    static func entries(_ nodes: LwM2MNodes, under path: LwM2MPath) throws(LwM2MEncodeError) -> [(path: LwM2MPath, value: ResourceValue)] {
        let sorted = nodes.values.sorted { $0.key < $1.key }
        var previous: LwM2MPath?
        for (nodePath, _) in sorted {
            guard nodePath.level >= .resource else {
                throw LwM2MEncodeError(reason: "value at \(nodePath) does not name a resource (/o/i/r) or resource instance (/o/i/r/ri)")
            }
            guard nodePath.isDescendant(of: path) else {
                throw LwM2MEncodeError(reason: "value at \(nodePath) lies outside the target path \(path)")
            }
            if let previous, previous.level == .resource, nodePath.parent == previous {
                throw LwM2MEncodeError(reason: "\(previous) has both a single value and resource instances")
            }
            previous = nodePath
        }
        return sorted.map { (path: $0.key, value: $0.value) }
    }

    /// The base name for `path` in the JSON formats: the path itself when every value sits exactly
    /// there (a single resource), else the path with a trailing slash (root: `/`).
    static func baseName(for path: LwM2MPath, entries: [(path: LwM2MPath, value: ResourceValue)]) -> String {
        if !entries.isEmpty, entries.allSatisfy({ $0.path == path }), path.level != .root { return path.description }
        return path.level == .root ? "/" : path.description + "/"
    }

    /// The name of `nodePath` relative to `path` (`6/0` for /3/0/6/0 under /3/0).
    static func relativeName(_ nodePath: LwM2MPath, below path: LwM2MPath) -> String {
        nodePath.ids.dropFirst(path.ids.count).map(String.init).joined(separator: "/")
    }

    /// Parses a full name from a JSON-format payload into a value's path and checks it lies under
    /// the request path.
    static func valuePath(fromName name: String, requestPath: LwM2MPath, offset: Int) throws(LwM2MDecodeError) -> LwM2MPath {
        let path: LwM2MPath
        if let fast = fastPath(name) {
            path = fast
        } else {
            do { path = try LwM2MPath(parsing: name) } catch {
                throw LwM2MDecodeError(byteOffset: offset, reason: "name '\(name)' is not an LwM2M path: \(error.reason)")
            }
        }
        guard path.level >= .resource else {
            throw LwM2MDecodeError(byteOffset: offset, reason: "name '\(name)' does not name a resource (/o/i/r) or resource instance")
        }
        guard path.isDescendant(of: requestPath) else {
            throw LwM2MDecodeError(byteOffset: offset, reason: "name '\(name)' lies outside the requested path \(requestPath)")
        }
        return path
    }

    /// The path whose type the model knows: the resource, also for a resource instance.
    static func resourcePath(of path: LwM2MPath) -> LwM2MPath {
        path.level == .resourceInstance ? path.parent : path
    }

    /// Parses the common spelling `/3/0/9` over UTF-8 digits without Unicode property lookups;
    /// nil for anything else, which then goes through `LwM2MPath(parsing:)` and its error messages.
    static func fastPath(_ name: String) -> LwM2MPath? {
        var ids: [UInt16] = []
        ids.reserveCapacity(4)
        var current: UInt32 = 0
        var digits = 0
        var utf8 = name.utf8.makeIterator()
        guard utf8.next() == UInt8(ascii: "/") else { return nil }
        while let b = utf8.next() {
            if b == UInt8(ascii: "/") {
                guard digits > 0, current < 65535 else { return nil }
                ids.append(UInt16(current))
                current = 0
                digits = 0
            } else if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 5 {
                current = current * 10 + UInt32(b - UInt8(ascii: "0"))
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, current < 65535 else { return nil }
        ids.append(UInt16(current))
        return LwM2MPath(ids)
    }
}
