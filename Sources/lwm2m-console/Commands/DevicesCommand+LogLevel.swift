import ArgumentParser
import DeviceStore
import LwM2MEngine

/// `lwm2m-console devices log-level ID [LEVEL]`: shows or sets a device's log level (SPEC §9).
///
/// With a `serve` daemon on the data directory the change goes through it (in effect at once);
/// otherwise it is written to the store, where an engine embedded in a running console picks it
/// up within a second and an engine started later reads it.
struct DevicesLogLevelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log-level",
        abstract: "Show or set a device's log level: NONE, LIFECYCLE (default) or VERBOSE (every CoAP message).")

    @Argument(help: ArgumentHelp("The device ID.", valueName: "id"))
    var id: String

    @Argument(help: ArgumentHelp("NONE, LIFECYCLE or VERBOSE; without it the current level is printed.", valueName: "level"))
    var level: String?

    @OptionGroup var tenantOption: TenantOption
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await reportingFailure {
            var wanted: DeviceLogLevel?
            if let level {
                do throws(StoreError) { wanted = try DeviceLogLevel(parsing: level) } catch { throw CommandFailure(error.message) }
            }
            let tenant = tenantOption.tenant
            let store = try storeOptions.openStore()
            guard let current = try store.logLevel(tenant: tenant, id: id) else {
                throw CommandFailure("no device '\(id)' in tenant \(tenant)")
            }
            guard let wanted else {
                print("\(id): \(current.rawValue)")
                return
            }
            let directory = try storeOptions.resolvedDirectory()
            let client: ControlClient?
            do throws(ControlSocketError) {
                client = try await ControlClient.connectIfRunning(dataDirectory: directory)
            } catch {
                throw CommandFailure(error.message)
            }
            if let client {
                var refusal: EngineError?
                do throws(EngineError) {
                    _ = try await client.submit(DeviceRef(tenant: tenant, id: id), text: "loglevel \(wanted.rawValue)")
                } catch {
                    refusal = error
                }
                await client.close()
                if let refusal { throw CommandFailure(refusal.message) }
                print("Log level of '\(id)' set to \(wanted.rawValue) (in effect now in the running engine).")
            } else {
                try store.setLogLevel(tenant: tenant, id: id, level: wanted)
                print("Log level of '\(id)' set to \(wanted.rawValue).")
            }
        }
    }
}
