import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-engine-per-data-directory guard: an exclusive `flock` on `engine.lock` in the data
/// directory, held while this object lives. The kernel drops the lock when the process exits or
/// crashes, so a stale lock file never blocks the next start.
///
/// `flock` (not `fcntl`) because its lock belongs to the open file, so even a second attempt from
/// the same process is refused, which is what the console needs before it embeds an engine.
public final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data directory.
    public static let fileName = "engine.lock"

    /// The lock file's full path.
    public let path: String
    /// The open descriptor that holds the lock; closing it releases the lock. Immutable after
    /// `init`, and only `deinit` closes it, so sharing the object across tasks is safe.
    private let descriptor: Int32

    /// Takes the lock for `dataDirectory` (which must exist) and writes this process's PID into
    /// the lock file; throws naming the holder's PID when another engine has it.
    public init(dataDirectory: String) throws(ControlSocketError) {
        let path = dataDirectory.hasSuffix("/") ? dataDirectory + Self.fileName : dataDirectory + "/" + Self.fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ControlSocketError("cannot open the engine lock \(path): \(Self.describe(errno))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            let holder = Self.readPID(descriptor)
            close(descriptor)
            if error == EWOULDBLOCK {
                let who = holder.map { "PID \($0)" } ?? "another process (PID unknown)"
                throw ControlSocketError(
                    "another engine is already running for \(dataDirectory) (\(who) holds \(path)); stop it or use another --data-dir")
            }
            throw ControlSocketError("cannot lock \(path): \(Self.describe(error))")
        }
        // Record who holds it, for the next one's error message.
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        // Truncate first so a reader never sees our PID after we are gone; the close releases.
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    /// The PID written in the lock file by its holder, if it is readable.
    private static func readPID(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `strerror` as a Swift string.
    static func describe(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
