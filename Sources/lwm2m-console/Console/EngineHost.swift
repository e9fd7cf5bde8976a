import DeviceStore
import Foundation
import Glibc
import LwM2M
import LwM2MEngine

/// The engine the console talks to: embedded in this process (holding the data-directory lock
/// and serving the control socket itself, as `serve` does) or a `serve` daemon reached through
/// the control socket.
final class EngineHost: Sendable {
    /// What the console calls, whichever engine it is.
    let engine: any EngineControl
    /// The in-process engine (possibly still starting), nil when attached.
    let embedded: StartingEngine?
    private let client: ControlClient?
    private let lock: DataDirectoryLock?
    private let logTask: Task<Void, Never>?
    /// The control socket an embedded engine serves (started in the background so the first frame
    /// does not wait for it); nil when attached, a nil value when it could not start.
    private let server: Task<ControlServer?, Never>?

    private init(
        engine: any EngineControl, embedded: StartingEngine?, client: ControlClient?, lock: DataDirectoryLock?,
        logTask: Task<Void, Never>?, server: Task<ControlServer?, Never>? = nil
    ) {
        self.engine = engine
        self.embedded = embedded
        self.client = client
        self.lock = lock
        self.logTask = logTask
        self.server = server
    }

    /// True when a `serve` daemon does the engine's work.
    var isAttached: Bool { client != nil }

    /// Attaches to a running daemon, else takes the lock and starts an engine in-process in the
    /// background (the UI draws before the PSK tables are loaded; engine calls wait for the
    /// start). Its events are logged to `logPath` (never to the terminal the UI draws on).
    static func open(dataDirectory: String, store: DeviceStore, configuration: EngineConfiguration, logPath: String?) async throws -> EngineHost {
        if let client = try await ControlClient.connectIfRunning(dataDirectory: dataDirectory) {
            return EngineHost(engine: client, embedded: nil, client: client, lock: nil, logTask: nil)
        }
        let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
        let engine = StartingEngine { try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn) }
        let logTask = logPath.map { path in Self.log(engine, to: path) }
        return EngineHost(
            engine: engine, embedded: engine, client: nil, lock: lock, logTask: logTask,
            server: Task { await serveControlSocket(dataDirectory: dataDirectory, engine: engine) })
    }

    /// Starts `engine` with a fallback: when a fixed port is taken, every port becomes ephemeral.
    static func startEngine(configuration: EngineConfiguration, store: DeviceStore) async throws -> LwM2MEngine {
        do {
            return try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        } catch {
            var ephemeral = configuration
            ephemeral.bootstrapPort = 0
            ephemeral.bootstrapDTLSPort = 0
            ephemeral.serverPort = 0
            ephemeral.serverDTLSPort = 0
            return try await LwM2MEngine.start(configuration: ephemeral, store: store, model: .builtIn)
        }
    }

    /// Wraps an engine that is already running (the demo starts its own) and serves it on the
    /// data directory's control socket, as `open` does.
    static func embedding(_ engine: LwM2MEngine, dataDirectory: String, lock: DataDirectoryLock, logPath: String?) -> EngineHost {
        let running = StartingEngine(running: engine)
        return EngineHost(
            engine: running, embedded: running, client: nil, lock: lock, logTask: logPath.map { Self.log(running, to: $0) },
            server: Task { await serveControlSocket(dataDirectory: dataDirectory, engine: running) })
    }

    /// Serves the embedded engine on the data directory's control socket, so `import`, `devices
    /// delete`, `shell`, `registration` and `events` reach it as they reach `serve` (an import in
    /// another terminal then reloads this engine's keys). Without the socket the console still
    /// works; those commands then say no engine runs.
    private static func serveControlSocket(dataDirectory: String, engine: StartingEngine) async -> ControlServer? {
        try? await ControlServer.start(dataDirectory: dataDirectory, engine: engine)
    }

    /// Stops the embedded engine (flushing its writes) or closes the daemon connection.
    func stop() async {
        await server?.value?.stop()
        await embedded?.stop()
        await client?.close()
        logTask?.cancel()
        _ = lock
    }

    /// Appends one line per engine event to `path` (mode 0600).
    private static func log(_ engine: StartingEngine, to path: String) -> Task<Void, Never> {
        Task.detached {
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            for await event in await engine.events() {
                try? handle.write(contentsOf: Data((EventLine.text(event) + "\n").utf8))
            }
        }
    }
}
