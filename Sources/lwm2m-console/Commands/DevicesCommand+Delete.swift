import ArgumentParser
import DeviceStore

/// `lwm2m-console devices delete ID`: removes a device (its credentials stay).
struct DevicesDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a device (its credentials are kept until `credentials delete`).")

    @Argument(help: ArgumentHelp("The device ID.", valueName: "id"))
    var id: String

    @OptionGroup var tenantOption: TenantOption
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            guard try store.deleteDevice(tenant: tenantOption.tenant, id: id) else {
                throw CommandFailure("no device '\(id)' in tenant \(tenantOption.tenant)")
            }
            print("Deleted device '\(id)' from tenant \(tenantOption.tenant).")
            // A deleted device's PSK identity must stop being served now, not at the next restart.
            let directory = try storeOptions.resolvedDirectory()
            RunningEngineKeyReload.report(RunningEngineKeyReload.run(dataDirectory: directory), dataDirectory: directory)
            if try store.hasCredentials(tenant: tenantOption.tenant, deviceID: id) {
                print(
                    "Its credentials are kept: importing '\(id)' again is refused until "
                        + "`lwm2m-console credentials delete \(id)` removes them.")
            }
        }
    }
}
