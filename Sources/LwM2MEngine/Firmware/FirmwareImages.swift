/// One in-memory copy of each repository image used by running jobs, however many devices
/// download it: `[UInt8]` is copy-on-write, so every job holding the array shares its storage.
/// Dropped when the last job using it ends.
struct FirmwareImages: Sendable {
    private struct Key: Hashable { var name: String; var version: String }
    private struct Entry { var bytes: [UInt8]; var users: Int }

    private var entries: [Key: Entry] = [:]

    /// The shared copy when a job already holds one (and counts the new user).
    mutating func acquireExisting(name: String, version: String) -> [UInt8]? {
        let key = Key(name: name, version: version)
        guard var entry = entries[key] else { return nil }
        entry.users += 1
        entries[key] = entry
        return entry.bytes
    }

    /// Adds a freshly read image, or uses the copy another job stored meanwhile.
    mutating func acquire(name: String, version: String, loaded: [UInt8]) -> [UInt8] {
        if let existing = acquireExisting(name: name, version: version) { return existing }
        entries[Key(name: name, version: version)] = Entry(bytes: loaded, users: 1)
        return loaded
    }

    /// One user fewer; the copy goes with the last.
    mutating func release(name: String, version: String) {
        let key = Key(name: name, version: version)
        guard var entry = entries[key] else { return }
        entry.users -= 1
        entries[key] = entry.users > 0 ? entry : nil
    }

    /// How many images are held (for the benchmark and tests).
    var count: Int { entries.count }
}
