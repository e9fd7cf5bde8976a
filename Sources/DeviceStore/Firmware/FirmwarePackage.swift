public import Foundation

/// One firmware image in the repository, without its bytes (SPEC §8).
public struct FirmwarePackage: Sendable, Equatable, Codable {
    /// The firmware name (the NAME of `fwupdate NAME;VERSION;URL`).
    public var name: String
    /// The firmware version.
    public var version: String
    /// The image size in bytes.
    public var size: Int
    /// The image's SHA-256, lower-case hex.
    public var sha256: String
    /// When it was added.
    public var createdAt: Date

    /// Creates a package description.
    public init(name: String, version: String, size: Int, sha256: String, createdAt: Date) {
        self.name = name
        self.version = version
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
