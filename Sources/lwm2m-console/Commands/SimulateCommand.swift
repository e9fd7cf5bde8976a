import ArgumentParser
import DeviceSimulator
import Foundation
import LwM2M

/// `lwm2m-console simulate`: runs a fleet of simulated LwM2M devices until Ctrl-C.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run simulated LwM2M devices (bootstrap or direct registration, NO_SEC or PSK) until Ctrl-C.",
        discussion: """
            Prints one line per lifecycle step (bootstrap, register, update, sleep, de-register, errors).
            --from-csv reads `endpoint id`/`securityMode`/`lwm2m psk_id`/`lwm2m psk_key`/`bootstrap psk_id`/
            `bootstrap psk_key`/`bindingMode` columns of a bulk-registration file, or the short layout
            `endpoint,securityMode,psk_id,psk_key` (keys in hex).
            """)

    @Option(help: "How many devices to generate (ignored with --from-csv).")
    var devices = 1

    @Option(name: .customLong("from-csv"), help: ArgumentHelp("Devices from a CSV file.", valueName: "file"))
    var fromCSV: String?

    @Option(help: ArgumentHelp("Endpoint name prefix for generated devices.", valueName: "prefix"))
    var prefix = "sim"

    @Option(help: ArgumentHelp("LwM2M server for NO_SEC devices registering directly.", valueName: "uri"))
    var server = "coap://127.0.0.1:5783"

    @Option(name: .customLong("server-dtls"), help: ArgumentHelp("LwM2M server for PSK devices registering directly (default: the --server host, port 5784).", valueName: "uri"))
    var serverDTLS: String?

    @Option(help: ArgumentHelp("Bootstrap server for NO_SEC devices; without it devices register directly.", valueName: "uri"))
    var bootstrap: String?

    @Option(name: .customLong("bootstrap-dtls"), help: ArgumentHelp("Bootstrap server for PSK devices (default: the --bootstrap host, port 5684).", valueName: "uri"))
    var bootstrapDTLS: String?

    @Option(name: .customLong("psk-identity"), help: ArgumentHelp("PSK identity for a single generated device.", valueName: "identity"))
    var pskIdentity: String?

    @Option(name: .customLong("psk-key"), help: ArgumentHelp("PSK key in hex for a single generated device.", valueName: "hex"))
    var pskKey: String?

    @Flag(name: .customLong("queue-mode"), help: "Devices sleep between contacts (binding UQ).")
    var queueMode = false

    @Option(name: .customLong("awake-time"), help: ArgumentHelp("Seconds awake after each Register/Update in queue mode.", valueName: "seconds"))
    var awakeTime = 10.0

    @Flag(name: .customLong("drop-requests"), help: "Devices drop every request unanswered (for timeout tests).")
    var dropRequests = false

    @Option(help: ArgumentHelp("Registration lifetime in seconds.", valueName: "seconds"))
    var lifetime = 300

    @Option(help: ArgumentHelp("Device starts per second.", valueName: "n"))
    var rate = 100.0

    @Option(help: ArgumentHelp("Local address the device sockets bind to.", valueName: "address"))
    var bind = "0.0.0.0"

    @Option(name: .customLong("firmware-fail"), help: ArgumentHelp("Pretend a firmware failure: integrity (result 5), download (4) or update (8).", valueName: "kind"))
    var firmwareFail: String?

    @Option(name: .customLong("firmware-delivery"), help: ArgumentHelp("Delivery methods reported in /5/0/9: pull, push or both.", valueName: "method"))
    var firmwareDelivery = "both"

    @Flag(help: "Also print every answered request and notification.")
    var verbose = false

    func validate() throws {
        guard devices >= 1 else { throw ValidationError("--devices must be at least 1") }
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        guard lifetime >= 1 else { throw ValidationError("--lifetime must be at least 1 second") }
        if (pskIdentity == nil) != (pskKey == nil) { throw ValidationError("--psk-identity and --psk-key go together") }
        if pskIdentity != nil, devices != 1 || fromCSV != nil { throw ValidationError("--psk-identity/--psk-key are for one generated device (--devices 1)") }
        if let pskKey, HexBytes.decode(pskKey) == nil { throw ValidationError("--psk-key must be even-length hex") }
        if let firmwareFail, FirmwareFailure(rawValue: firmwareFail) == nil {
            throw ValidationError("--firmware-fail takes integrity, download or update, not '\(firmwareFail)'")
        }
        guard ["pull", "push", "both"].contains(firmwareDelivery) else {
            throw ValidationError("--firmware-delivery takes pull, push or both, not '\(firmwareDelivery)'")
        }
        for uri in [server, serverDTLS, bootstrap, bootstrapDTLS].compactMap({ $0 }) {
            do { _ = try ServerAddress(uri: uri) } catch { throw ValidationError(error.description) }
        }
    }

    /// The same host with another scheme and port.
    private func secure(_ uri: String, port: Int) -> String {
        let host = (try? ServerAddress(uri: uri))?.host ?? "127.0.0.1"
        return "coaps://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    private func configurations() throws -> [SimulatedDeviceConfiguration] {
        var template = SimulatedDeviceConfiguration(endpoint: prefix)
        template.lifetime = lifetime
        template.queueMode = queueMode
        template.awakeWindow = .milliseconds(Int64(awakeTime * 1000))
        template.dropRequests = dropRequests
        template.firmwareFailure = firmwareFail.flatMap(FirmwareFailure.init(rawValue:))
        template.firmwareDelivery = ["pull": .pull, "push": .push][firmwareDelivery] ?? .both
        template.bindHost = bind
        let secureServer = serverDTLS ?? secure(server, port: 5784)
        let secureBootstrap = bootstrapDTLS ?? bootstrap.map { secure($0, port: 5684) }
        func place(_ configuration: inout SimulatedDeviceConfiguration, psk: Bool, serverPSK: (String, [UInt8])?, bootstrapPSK: (String, [UInt8])?) {
            if let bootstrap {
                configuration.bootstrapURI = psk ? secureBootstrap : bootstrap
                configuration.pskIdentity = bootstrapPSK?.0
                configuration.pskKey = bootstrapPSK?.1
            } else {
                configuration.serverURI = psk ? secureServer : server
                configuration.pskIdentity = serverPSK?.0
                configuration.pskKey = serverPSK?.1
            }
        }
        if let fromCSV {
            let text: String
            do { text = try String(contentsOfFile: fromCSV, encoding: .utf8) } catch {
                throw ValidationError("cannot read \(fromCSV): \(error.localizedDescription)")
            }
            let rows: [FleetCSV.Row]
            do { rows = try FleetCSV.parse(text, file: fromCSV) } catch { throw ValidationError(error.description) }
            return try rows.map { row in
                var configuration = template
                configuration.endpoint = row.endpoint
                if let queue = row.queueMode { configuration.queueMode = queue || queueMode }
                if row.isPSK, bootstrap != nil, row.bootstrapPSK == nil {
                    throw ValidationError("\(fromCSV): \(row.endpoint) is PSK but has no bootstrap psk_id/psk_key to bootstrap with")
                }
                place(&configuration, psk: row.isPSK, serverPSK: row.serverPSK, bootstrapPSK: row.bootstrapPSK)
                return configuration
            }
        }
        var configurations = DeviceFleet.configurations(count: devices, prefix: prefix, template: template)
        if let pskIdentity, let pskKey, let key = HexBytes.decode(pskKey), !configurations.isEmpty {
            place(&configurations[0], psk: true, serverPSK: (pskIdentity, key), bootstrapPSK: (pskIdentity, key))
        } else {
            for index in configurations.indices { place(&configurations[index], psk: false, serverPSK: nil, bootstrapPSK: nil) }
        }
        return configurations
    }

    func run() async throws {
        let configurations = try configurations()
        let verbose = self.verbose
        let fleet = DeviceFleet(configurations, startsPerSecond: rate) { event in
            guard verbose || (event.kind != .request && event.kind != .notification) else { return }
            say(event.description)
        }
        let stops = StopSignals()
        say("simulating \(configurations.count) device(s); Ctrl-C stops and de-registers them")
        let starting = Task { await fleet.start() }
        _ = await stops.next()
        starting.cancel()
        say("stopping…")
        await fleet.stop()
        say(fleet.statistics.description)
        stops.cancel()
    }
}

/// Writes one line to stdout unbuffered, so lines from many devices and the command keep their order.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
