import ArgumentParser
import DeviceStore

/// `--tenant T` for commands that act on one tenant.
struct TenantOption: ParsableArguments {
    @Option(help: ArgumentHelp("The tenant.", valueName: "tenant"))
    var tenant: String = DeviceStore.defaultTenant
}
