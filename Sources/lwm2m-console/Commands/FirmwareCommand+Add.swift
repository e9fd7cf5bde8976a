import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console firmware add NAME VERSION FILE`.
struct FirmwareAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an image to the repository (at most 16 MiB).")

    @Argument(help: ArgumentHelp("The firmware name.", valueName: "name"))
    var name: String
    @Argument(help: ArgumentHelp("The firmware version.", valueName: "version"))
    var version: String
    @Argument(help: ArgumentHelp("The image file.", valueName: "file"))
    var file: String
    @Flag(name: .long, help: "Print the added package as JSON.")
    var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw CommandFailure("\(file): no such file")
            }
            guard !isDirectory.boolValue else { throw CommandFailure("\(file) is a directory, not an image file") }
            // Checked before reading so a huge file is refused without loading it.
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            guard size <= DeviceStore.maximumFirmwareSize else {
                throw CommandFailure("\(file) is \(size) bytes; the repository takes images up to \(DeviceStore.maximumFirmwareSize) bytes (16 MiB)")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("\(file) cannot be read") }
            let store = try storeOptions.openStore()
            let package = try store.addFirmware(name: name, version: version, image: [UInt8](data))
            if json {
                try JSONOutput.print(package)
            } else {
                print("Added firmware \(package.name) \(package.version): \(package.size) bytes, SHA-256 \(package.sha256).")
            }
        }
    }
}
