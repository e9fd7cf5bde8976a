import ArgumentParser
import DeviceStore
import Foundation
import Glibc
import LwM2MEngine

/// `lwm2m-console serve`: the engine as a daemon with its control socket, until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the LwM2M engine headless; consoles and `shell`/`events` attach through <data-dir>/control.sock.",
        discussion: "Logs one line per engine event to stderr (or --log-file). SIGTERM or SIGINT stop it cleanly: pending store writes are flushed and the socket is removed.")

    @OptionGroup var store: StoreOptions

    @OptionGroup(title: "Engine")
    var engineOptions: EngineOptions

    @Option(help: ArgumentHelp("Append the log here instead of stderr (mode 0600).", valueName: "path"))
    var logFile: String?

    func run() async throws {
        let settings = try store.config.resolve(flags: store.given.merging(engineOptions.given) { $1 })
        let log = try ServeLog(path: logFile)
        let directory: String
        let deviceStore: DeviceStore
        do {
            directory = try settings.dataDirectory()
            deviceStore = try DeviceStore(directory: directory)
        } catch {
            throw CommandFailure(String(describing: error))
        }
        let lock: DataDirectoryLock
        do { lock = try DataDirectoryLock(dataDirectory: directory) } catch { throw CommandFailure(error.message) }
        let engine: LwM2MEngine
        do {
            engine = try await LwM2MEngine.start(configuration: settings.engineConfiguration(), store: deviceStore, model: .builtIn)
        } catch {
            throw CommandFailure("cannot start the engine: \(error.message)")
        }
        let server: ControlServer
        do {
            server = try await ControlServer.start(dataDirectory: directory, engine: engine)
        } catch {
            await engine.stop()
            throw CommandFailure(error.message)
        }
        let status = await engine.status()
        log.write(
            "serving \(directory): bootstrap \(status.bootstrapPort)/\(status.bootstrapDTLSPort), server \(status.serverPort)/\(status.serverDTLSPort), control \(directory)/control.sock (PID \(getpid()))")
        let logging = Task.detached {
            for await event in await engine.events() { log.write(EventLine.text(event)) }
        }
        let stops = StopSignals()
        let received = await stops.next()
        log.write("signal \(received == SIGTERM ? "TERM" : "INT"): stopping")
        await server.stop()
        await engine.stop()
        logging.cancel()
        stops.cancel()
        withExtendedLifetime(lock) {}
        log.write("stopped")
    }
}

/// Where `serve` writes its log: stderr or an appended file, one timestamped line per call.
final class ServeLog: Sendable {
    private let handle: FileHandle

    /// Opens `path` for appending (created 0600), or uses stderr when nil.
    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardError
            return
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure("cannot open the log file \(path): \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Writes one line with an ISO 8601 time.
    func write(_ line: String) {
        let time = Date().formatted(.iso8601)
        try? handle.write(contentsOf: Data("\(time) \(line)\n".utf8))
    }
}
