import Foundation

/// A fresh directory under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory() + "lwm2m-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` (UTF-8) to `name` inside the directory and returns its path.
    func write(_ text: String, to name: String = "devices.csv") throws -> String {
        try write(Data(text.utf8), to: name)
    }

    /// Writes raw bytes to `name` inside the directory and returns its path.
    func write(_ bytes: Data, to name: String) throws -> String {
        let file = path + "/" + name
        try bytes.write(to: URL(fileURLWithPath: file))
        return file
    }
}
