import Foundation
import NIOCore
import NIOPosix

/// Serves an `EngineControl` on `control.sock` in a data directory (mode 0600) to other
/// processes: line-delimited JSON requests with IDs, one response line each, and for `subscribe`
/// an acknowledgement then one event line per engine event until the client disconnects. Many
/// clients at once; a client's requests run concurrently; a bad line gets an error line.
public final class ControlServer: Sendable {
    /// The default longest request line, in bytes (a shell text of many lines fits).
    public static let defaultMaximumLineLength = 1 << 20

    /// The socket's path.
    public let socketPath: String
    /// The listening channel; closing it stops new connections.
    private let listener: any Channel
    /// Accepts and serves connections until the listener closes.
    private let acceptLoop: Task<Void, Never>
    /// Every client connection, for closing them on stop.
    private let connections: ControlConnectionRegistry

    private init(socketPath: String, listener: any Channel, acceptLoop: Task<Void, Never>, connections: ControlConnectionRegistry) {
        self.socketPath = socketPath
        self.listener = listener
        self.acceptLoop = acceptLoop
        self.connections = connections
    }

    /// Binds `control.sock` in `dataDirectory` and starts serving `engine`. A socket file left by
    /// a crashed daemon is replaced; a socket someone still answers on, or a file that is not a
    /// socket, is left alone and reported.
    public static func start(
        dataDirectory: String, engine: any EngineControl, maximumLineLength: Int = defaultMaximumLineLength
    ) async throws(ControlSocketError) -> ControlServer {
        let path = ControlSocketFile.path(dataDirectory: dataDirectory)
        guard path.utf8.count <= ControlSocketFile.maximumPathLength else {
            throw ControlSocketError(
                "the control socket path \(path) is longer than \(ControlSocketFile.maximumPathLength) bytes; use a shorter --data-dir")
        }
        switch ControlSocketFile.probe(path) {
        case .absent, .stale: break
        case .live: throw ControlSocketError("an engine is already serving \(path)")
        case .unusable(let reason): throw ControlSocketError(reason)
        }
        // Bind inside a private 0700 directory, set 0600, then rename into place: the socket is
        // never reachable with a looser mode, and the rename atomically replaces a stale file.
        let staging = try makeStagingDirectory(in: dataDirectory)
        let stagedPath = staging + "/s"
        defer {
            unlink(stagedPath)
            rmdir(staging)
        }
        let registry = ControlConnectionRegistry()
        let server: NIOAsyncChannel<any Channel, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 128)
                .childChannelOption(.autoRead, value: false)
                .bind(unixDomainSocketPath: stagedPath) { channel in
                    registry.add(channel)
                    return ControlChannel.addDecoder(to: channel, maximumLineLength: maximumLineLength).map { channel }
                }
        } catch {
            throw ControlSocketError("cannot listen on \(path): \(error)")
        }
        guard chmod(stagedPath, 0o600) == 0, rename(stagedPath, path) == 0 else {
            let reason = DataDirectoryLock.describe(errno)
            try? await server.channel.close()
            throw ControlSocketError("cannot put the control socket at \(path): \(reason)")
        }
        let acceptLoop = Task<Void, Never> {
            try? await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask {
                                defer { registry.remove(connection) }
                                guard let wrapped = try? await ControlChannel.wrap(connection) else {
                                    try? await connection.close()
                                    return
                                }
                                await ControlSession(engine: engine).serve(wrapped)
                            }
                        }
                    } catch {
                        // The listener failed; same as closed.
                    }
                    group.cancelAll()
                }
            }
        }
        return ControlServer(socketPath: path, listener: server.channel, acceptLoop: acceptLoop, connections: registry)
    }

    /// Stops accepting, disconnects every client (ending their subscriptions) and removes the
    /// socket file.
    public func stop() async {
        // Closing the listener ends the accept loop, which then cancels the sessions; closing
        // every connection also covers those accepted but never handed to the loop.
        try? await listener.close()
        connections.closeAll()
        await acceptLoop.value
        unlink(socketPath)
    }

    /// A fresh `mkdtemp` directory (mode 0700) next to the socket.
    private static func makeStagingDirectory(in dataDirectory: String) throws(ControlSocketError) -> String {
        let template = String(ControlSocketFile.path(dataDirectory: dataDirectory).dropLast(ControlSocketFile.name.count)) + ".cs.XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw ControlSocketError("cannot create a directory in \(dataDirectory): \(DataDirectoryLock.describe(errno))")
        }
        return String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
