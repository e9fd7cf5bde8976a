import Foundation
@testable import LwM2MEngine

/// A short-lived directory under /tmp (short: Unix socket paths are limited to ~104 bytes).
final class ControlSocketTempDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/cs-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw EngineError("mkdtemp failed: \(errno)")
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// How long a control-socket test waits for something before calling it lost. A bound against
/// hangs, not a speed requirement: with the whole suite in parallel on two loaded cores, other
/// tests' synchronous waits (child processes, `usleep` polling) can hold both threads of the
/// cooperative pool, where the server's sessions run, for several seconds.
let controlSocketPatience: Double = 30

/// Runs `body`, failing if it takes longer than `seconds` (a bound, not a wait).
func withControlSocketTimeout<T: Sendable>(
    _ seconds: Double = controlSocketPatience, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw EngineError("timed out after \(seconds) s")
        }
        return value
    }
}

/// A raw client for sending arbitrary bytes and reading response lines. Reads never block a
/// thread (the test's cooperative pool also runs the server): they poll without waiting and
/// give up after `controlSocketPatience`, so a missing answer fails the test instead of hanging it.
final class ControlSocketRawClient {
    private let descriptor: Int32
    private var pending = [UInt8]()

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { throw EngineError("connect failed: \(errno)") }
    }

    deinit { close(descriptor) }

    /// Sends all of `text` (small payloads: the socket buffer takes them at once).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }  // SIGCHLD from other tests' children
            guard written > 0 else { return }
            offset += written
        }
    }

    /// The next line, or nil after `controlSocketPatience` or when the server closed the connection.
    func readLine() async -> String? {
        let deadline = ContinuousClock.now + .seconds(controlSocketPatience)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                pending += buffer[..<count]
                continue
            }
            if count == 0 { return nil }  // closed
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Leaves a socket file nobody listens on, as a crashed daemon does.
func makeStaleControlSocket(at path: String) throws {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard result == 0 else { throw EngineError("bind failed: \(errno)") }
}

/// The first `count` elements of an event stream (fewer if it ends).
func collectControlSocketEvents(_ stream: AsyncStream<EngineEvent>, count: Int = .max) async -> [EngineEvent] {
    var events: [EngineEvent] = []
    for await event in stream {
        events.append(event)
        if events.count == count { break }
    }
    return events
}
