import Crypto
import Foundation
import GRDB

/// The firmware repository (SPEC §8): images by name and version, kept as BLOBs in the store.
extension DeviceStore {
    /// The largest image the repository takes: 16 MiB. LwM2M devices are constrained; an image
    /// this big already takes 32,768 blocks of 512 bytes to push.
    public static let maximumFirmwareSize = 16 * 1024 * 1024

    /// Adds an image; refuses an empty or too large image, blank name/version, and a
    /// (name, version) already present.
    @discardableResult
    public func addFirmware(name: String, version: String, image: [UInt8]) throws -> FirmwarePackage {
        let name = name.trimmingCharacters(in: .whitespaces)
        let version = version.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw StoreError("the firmware name is empty") }
        guard !version.isEmpty else { throw StoreError("the firmware version is empty") }
        guard !name.contains(";"), !version.contains(";") else {
            throw StoreError("the firmware name and version cannot contain ';' (it separates them in fwupdate NAME;VERSION;URL)")
        }
        guard !image.isEmpty else { throw StoreError("the firmware image of \(name) \(version) is empty") }
        guard image.count <= Self.maximumFirmwareSize else {
            throw StoreError("the firmware image of \(name) \(version) is \(image.count) bytes; the limit is \(Self.maximumFirmwareSize) bytes (16 MiB)")
        }
        let digest = SHA256.hash(data: image).map { String(format: "%02x", $0) }.joined()
        let now = nowMillis
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM firmware WHERE name = ? AND version = ?", arguments: [name, version]) != nil {
                throw StoreError("firmware \(name) \(version) is already in the repository; delete it first to replace it")
            }
            try db.execute(
                sql: "INSERT INTO firmware (name, version, size, sha256, image, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [name, version, image.count, digest, Data(image), now])
            return FirmwarePackage(name: name, version: version, size: image.count, sha256: digest, createdAt: Self.date(now))
        }
    }

    /// Every package, by name then version (no image bytes).
    public func firmwarePackages() throws -> [FirmwarePackage] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, version, size, sha256, created_at FROM firmware ORDER BY name, version")
                .map { FirmwarePackage(name: $0[0], version: $0[1], size: $0[2], sha256: $0[3], createdAt: Self.date($0[4])) }
        }
    }

    /// One package's description, nil when absent.
    public func firmwarePackage(name: String, version: String) throws -> FirmwarePackage? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT name, version, size, sha256, created_at FROM firmware WHERE name = ? AND version = ?",
                arguments: [name, version]
            ).map { FirmwarePackage(name: $0[0], version: $0[1], size: $0[2], sha256: $0[3], createdAt: Self.date($0[4])) }
        }
    }

    /// One package's image bytes, nil when absent.
    public func firmwareImage(name: String, version: String) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT image FROM firmware WHERE name = ? AND version = ?", arguments: [name, version])
                .map { [UInt8]($0) }
        }
    }

    /// Deletes a package; throws when it is not there.
    public func deleteFirmware(name: String, version: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM firmware WHERE name = ? AND version = ?", arguments: [name, version])
            guard db.changesCount > 0 else { throw StoreError("firmware \(name) \(version) is not in the repository") }
        }
    }

    /// Sets a device's firmware settings (the `fwUpdate…` columns) without a re-import.
    public func setFirmwareSettings(tenant: String, id: String, _ settings: FirmwareSettings) throws {
        let now = nowMillis
        try write { db in
            try db.execute(
                sql: """
                    UPDATE devices SET fw_delivery_method = ?, fw_supported_protocol = ?, fw_reset_mechanism = ?, fw_url = ?,
                        updated_at = ? WHERE tenant = ? AND id = ?
                    """,
                arguments: [settings.deliveryMethod, settings.supportedDeviceProtocol, settings.resetMechanism, settings.url, now, tenant, id])
            guard db.changesCount > 0 else { throw StoreError("there is no device '\(id)' in tenant '\(tenant)'") }
        }
    }
}
