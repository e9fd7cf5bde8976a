public import Foundation
import GRDB

/// The local store: one SQLite file (WAL, mode 0600) in the data directory, plus the
/// installation secret for credential hashes beside it. Safe to share between threads and tasks;
/// every method is synchronous and short, except `BulkImporter` runs.
public final class DeviceStore: Sendable {
    /// File name of the database inside the data directory.
    public static let databaseFileName = "lwm2m-console.sqlite"
    /// The tenant used when none is given.
    public static let defaultTenant = "t-default"

    /// The data directory this store lives in.
    public let directory: String
    /// Full path of the database file.
    public let databasePath: String
    let pool: DatabasePool
    let hasher: CredentialHasher
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the store in `directory`, migrating the schema to the latest
    /// version. `clock` gives "now" for timestamps (tests pass a hand-advanced clock).
    public init(directory: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.directory = directory
        self.clock = clock
        databasePath = directory + "/" + Self.databaseFileName
        try Self.createPrivateDirectory(directory)
        try Self.createPrivateFile(databasePath)
        hasher = try CredentialHasher.loadOrCreate(inDirectory: directory)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a crash never corrupts or half-applies a transaction; only the last
            // commit before a power cut may be lost, which is acceptable for a console.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: databasePath, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("cannot open the store \(databasePath): \(error.message ?? error.description)")
        }
        // SQLite gives -wal/-shm the main file's mode; enforce it anyway in case they pre-existed.
        for suffix in ["", "-wal", "-shm"] { _ = chmod(databasePath + suffix, 0o600) }
    }

    /// Runs a read, turning database errors into `StoreError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError { throw Self.wrap(error) }
    }

    /// Runs a write transaction, turning database errors into `StoreError`s.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as DatabaseError { throw Self.wrap(error) }
    }

    static func wrap(_ error: DatabaseError) -> StoreError {
        StoreError("database error: \(error.message ?? error.description)")
    }

    /// Milliseconds since 1970 for `date`.
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The date for milliseconds since 1970.
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    var nowMillis: Int64 { Self.millis(clock()) }

    private static func createPrivateDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError("the data directory \(path) is a file") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError("cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }

    private static func createPrivateFile(_ path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else {
            throw StoreError("cannot open the store \(path): \(String(cString: strerror(errno)))")
        }
        _ = fchmod(fd, 0o600)
        close(fd)
    }
}
