import ArgumentParser
import ConsoleTerminal
import DeviceSimulator
import DeviceStore
import Foundation
import LwM2MEngine

/// `lwm2m-console demo`: a throw-away data directory, the bundled devices imported, the engine and
/// a simulated fleet running, and the console open on them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try the console: imports sample devices, starts the engine and simulated devices, opens the UI.",
        discussion: """
            Without --data-dir a temporary directory is used and removed on exit. The standard ports
            (5683/5684 bootstrap, 5783/5784 server) are used when free, else free ports are picked and
            shown in the header. Devices: meter-* (NO_SEC), *-psk-* (PSK over DTLS), sleepy-* (queue
            mode), mute-01 (drops every request: try `read /3/0/0 --timeout 1` with --min-request-timeout 1s),
            and meter-001 again in tenant t-lab (a duplicate endpoint: MAJOR alarm).
            """)

    @Option(help: ArgumentHelp("Keep the demo's data here instead of a temporary directory.", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Extra generated NO_SEC devices (node-00001 …) besides the bundled ones.", valueName: "n"))
    var devices = 0

    @Option(help: "Colour theme: default, light, high-contrast, monochrome (default: theme in the config file, else default).")
    var theme: String?

    @OptionGroup var config: ConfigOption

    @Flag(help: "Refuse every change in the UI.")
    var readOnly = false

    @OptionGroup(title: "Engine")
    var engineOptions: EngineOptions

    func validate() throws {
        guard (0...100_000).contains(devices) else { throw ValidationError("--devices must be 0…100000") }
    }

    func run() throws {
        // The demo's data directory is its own temporary one unless --data-dir names one: a
        // data_dir from the environment or the file is for the real console, not the demo.
        var given = engineOptions.given
        if let theme { given[.theme] = theme }
        let settings: EffectiveConfiguration
        do {
            settings = try config.resolve(flags: given)
        } catch {
            FileHandle.standardError.write(Data("lwm2m-console demo: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let temporary = dataDir == nil
        let directory: String
        if let dataDir {
            directory = dataDir
        } else {
            var template = Array("/tmp/lwm2m-demo-XXXXXX".utf8CString)
            guard mkdtemp(&template) != nil else { throw CommandFailure("cannot create a temporary directory in /tmp") }
            directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        defer { if temporary { try? FileManager.default.removeItem(atPath: directory) } }
        let extra = devices
        let configuration = settings.engineConfiguration()
        let started: DemoRun
        do {
            started = try BlockingWait.run { try await DemoRun.start(directory: directory, configuration: configuration, extra: extra) }
        } catch {
            FileHandle.standardError.write(Data("lwm2m-console demo: \(StoreEngineRunner.message(error))\n".utf8))
            throw ExitCode.failure
        }
        let session = ConsoleSession(
            store: started.store, host: started.host, dataDirectory: directory, theme: settings.theme, readOnly: readOnly, mouse: false,
            defaultTimeout: settings.defaultShellTimeout, keymap: settings.keymap)
        let exit: ConsoleExit
        do {
            exit = try session.run()
        } catch {
            try? BlockingWait.run { await started.stop() }
            FileHandle.standardError.write(Data("lwm2m-console demo: cannot start the console: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try? BlockingWait.run { await started.stop() }
        if case .signal(let number) = exit { throw ExitCode(128 + number) }
    }
}
