import ArgumentParser
import DeviceStore

/// `lwm2m-console firmware delete NAME VERSION`.
struct FirmwareDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an image from the repository.")

    @Argument(help: ArgumentHelp("The firmware name.", valueName: "name"))
    var name: String
    @Argument(help: ArgumentHelp("The firmware version.", valueName: "version"))
    var version: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            try storeOptions.openStore().deleteFirmware(name: name, version: version)
            print("Deleted firmware \(name) \(version).")
        }
    }
}
