import ArgumentParser
import DeviceStore

/// `lwm2m-console credentials …`: manage stored device credentials.
struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Manage stored device credentials (they outlive deleted devices).",
        subcommands: [CredentialsDeleteCommand.self])
}

/// `lwm2m-console credentials delete ID`: forgets a device ID's credentials so it can be imported again.
struct CredentialsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the stored credentials of a device ID (allows importing that ID again).")

    @Argument(help: ArgumentHelp("The device ID.", valueName: "id"))
    var id: String

    @OptionGroup var tenantOption: TenantOption
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            guard try store.deleteCredentials(tenant: tenantOption.tenant, deviceID: id) else {
                throw CommandFailure("no credentials stored for '\(id)' in tenant \(tenantOption.tenant)")
            }
            print("Deleted the credentials of '\(id)' in tenant \(tenantOption.tenant).")
            let directory = try storeOptions.resolvedDirectory()
            RunningEngineKeyReload.report(RunningEngineKeyReload.run(dataDirectory: directory), dataDirectory: directory)
        }
    }
}
