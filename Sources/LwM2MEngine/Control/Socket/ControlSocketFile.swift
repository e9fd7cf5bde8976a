#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The control socket's file in a data directory, and what is found there.
enum ControlSocketFile {
    /// The socket's name inside the data directory.
    static let name = "control.sock"
    /// `sun_path` holds 108 bytes on Linux (104 on macOS) including the terminating NUL.
    static let maximumPathLength = 103

    /// What `probe` found at a socket path.
    enum State: Equatable {
        /// Nothing there.
        case absent
        /// A socket file nobody accepts on: left behind by a crashed daemon.
        case stale
        /// A socket with a listener behind it.
        case live
        /// Something that must not be touched or cannot be checked (the message says why).
        case unusable(String)
    }

    /// The socket path for a data directory.
    static func path(dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? dataDirectory + name : dataDirectory + "/" + name
    }

    /// Checks a socket path by connecting to it: only a refused connection proves it stale.
    static func probe(_ path: String) -> State {
        var info = stat()
        if lstat(path, &info) != 0 {
            return errno == ENOENT ? .absent : .unusable("cannot inspect \(path): \(DataDirectoryLock.describe(errno))")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            return .unusable("\(path) exists and is not a socket; remove it by hand if it is not needed")
        }
        guard path.utf8.count <= maximumPathLength else {
            return .unusable("the socket path \(path) is longer than \(maximumPathLength) bytes; use a shorter --data-dir")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .unusable("cannot create a socket: \(DataDirectoryLock.describe(errno))") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            raw[path.utf8.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if result == 0 { return .live }
        switch errno {
        case ECONNREFUSED: return .stale
        case ENOENT: return .absent
        case let error: return .unusable("cannot connect to \(path): \(DataDirectoryLock.describe(error))")
        }
    }
}
