import DeviceStore
import Foundation
import Testing

/// The firmware repository (SPEC §8): in the store, and through the real binary's
/// `firmware add/list/delete`.
@Suite("Firmware repository", .timeLimit(.minutes(2)))
struct FirmwareRepositoryTests {
    @Test("add keeps size, SHA-256 and the exact bytes; list and delete; clear refusals")
    func store() throws {
        let directory = try TemporaryDirectory()
        let store = try DeviceStore(directory: directory.path, clock: { Date(timeIntervalSince1970: 1_800_000_000) })
        // FIPS 180-2's test vector: SHA-256("abc").
        let vector = try store.addFirmware(name: "vector", version: "1", image: Array("abc".utf8))
        #expect(vector.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try store.deleteFirmware(name: "vector", version: "1")
        let image = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let added = try store.addFirmware(name: "acme", version: "1.0", image: image)
        #expect(added.size == 5000)
        #expect(added.createdAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try store.firmwareImage(name: "acme", version: "1.0") == image)
        try store.addFirmware(name: "acme", version: "0.9", image: [1])
        #expect(try store.firmwarePackages().map(\.version) == ["0.9", "1.0"])

        #expect(throws: StoreError("firmware acme 1.0 is already in the repository; delete it first to replace it")) {
            try store.addFirmware(name: "acme", version: "1.0", image: [1, 2])
        }
        #expect(throws: StoreError("the firmware image of acme 2.0 is empty")) { try store.addFirmware(name: "acme", version: "2.0", image: []) }
        #expect(throws: StoreError.self) { try store.addFirmware(name: " ", version: "2.0", image: [1]) }
        #expect(throws: StoreError.self) { try store.addFirmware(name: "a;b", version: "2.0", image: [1]) }
        let tooLarge = [UInt8](repeating: 0, count: DeviceStore.maximumFirmwareSize + 1)
        #expect(throws: StoreError("the firmware image of big 1 is \(tooLarge.count) bytes; the limit is 16777216 bytes (16 MiB)")) {
            try store.addFirmware(name: "big", version: "1", image: tooLarge)
        }

        try store.deleteFirmware(name: "acme", version: "0.9")
        #expect(try store.firmwarePackages().map(\.version) == ["1.0"])
        #expect(try store.firmwareImage(name: "acme", version: "0.9") == nil)
        #expect(throws: StoreError("firmware acme 0.9 is not in the repository")) { try store.deleteFirmware(name: "acme", version: "0.9") }
        // Survives reopening (the v2 migration ran once).
        let reopened = try DeviceStore(directory: directory.path)
        #expect(try reopened.firmwareImage(name: "acme", version: "1.0") == image)
    }

    @Test("lwm2m-console firmware add/list/delete through the binary: output, JSON, errors and exit codes")
    func commandLine() throws {
        let directory = try TemporaryDirectory()
        let data = ["--data-dir", directory.path + "/data"]
        let image = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0) })
        let file = try directory.write(image, to: "fw.bin")
        let digest = try FirmwareCLI.sha256sum(file)

        let empty = try FirmwareCLI.run(["firmware", "list"] + data)
        #expect(empty.status == 0)
        #expect(empty.stdout == "No firmware in the repository.\n")

        let added = try FirmwareCLI.run(["firmware", "add", "acme", "2.0.0", file] + data)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Added firmware acme 2.0.0: 3000 bytes, SHA-256 \(digest).\n")

        let duplicate = try FirmwareCLI.run(["firmware", "add", "acme", "2.0.0", file] + data)
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr == "error: firmware acme 2.0.0 is already in the repository; delete it first to replace it\n")
        let missing = try FirmwareCLI.run(["firmware", "add", "acme", "3", directory.path + "/nope.bin"] + data)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: \(directory.path)/nope.bin: no such file\n")
        let emptyFile = try directory.write(Data(), to: "empty.bin")
        let emptyRun = try FirmwareCLI.run(["firmware", "add", "acme", "3", emptyFile] + data)
        #expect(emptyRun.status == 1)
        #expect(emptyRun.stderr == "error: the firmware image of acme 3 is empty\n")

        let listed = try FirmwareCLI.run(["firmware", "list", "--json"] + data)
        #expect(listed.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["name"] as? String == "acme")
        #expect(rows.first?["version"] as? String == "2.0.0")
        #expect(rows.first?["size"] as? Int == 3000)
        #expect(rows.first?["sha256"] as? String == digest)
        let table = try FirmwareCLI.run(["firmware", "list"] + data)
        #expect(table.stdout.hasPrefix("NAME  VERSION  SIZE  SHA-256"))
        #expect(table.stdout.contains("acme  2.0.0    3000  \(digest)"))
        #expect(try DeviceStore(directory: directory.path + "/data").firmwareImage(name: "acme", version: "2.0.0") == [UInt8](image))

        let deleted = try FirmwareCLI.run(["firmware", "delete", "acme", "2.0.0"] + data)
        #expect(deleted.status == 0)
        #expect(deleted.stdout == "Deleted firmware acme 2.0.0.\n")
        let again = try FirmwareCLI.run(["firmware", "delete", "acme", "2.0.0"] + data)
        #expect(again.status == 1)
        #expect(again.stderr == "error: firmware acme 2.0.0 is not in the repository\n")
    }
}

/// Runs the built binary, bounded to 60 s.
enum FirmwareCLI {
    /// The digest coreutils' `sha256sum` prints for a file (an independent implementation).
    static func sha256sum(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: printed, as: UTF8.self).prefix(64))
    }

    static func run(_ arguments: [String]) throws -> BinaryRun { try BinaryRun.run(arguments) }
}
