import Crypto
import Foundation

/// Turns device passwords into keyed hashes (HMAC-SHA256) with the installation's secret, so the
/// database alone reveals nothing and a 100,000-row import stays fast (no slow KDF per row).
struct CredentialHasher: Sendable {
    /// Name of the secret file beside the database.
    static let secretFileName = "installation.key"
    private static let secretLength = 32

    /// Kept as bytes (Sendable); a `SymmetricKey` is made per hash, which costs a 32-byte copy.
    private let secret: Data

    /// Uses the given secret bytes (tests; production code calls `loadOrCreate`).
    init(secret: Data) {
        self.secret = secret
    }

    /// Loads the per-installation secret from `directory`, creating it (mode 0600) on first use.
    static func loadOrCreate(inDirectory directory: String) throws -> CredentialHasher {
        let path = directory + "/" + secretFileName
        if let existing = FileManager.default.contents(atPath: path) {
            guard existing.count == secretLength else {
                throw StoreError(
                    "the installation secret \(path) is damaged (\(existing.count) bytes, expected \(secretLength)); "
                        + "restore it from a backup (stored credentials cannot be checked without it)")
            }
            _ = chmod(path, 0o600)
            return CredentialHasher(secret: existing)
        }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // O_EXCL: if another process created it meanwhile, use theirs rather than overwrite it.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return try loadOrCreate(inDirectory: directory) }
            throw StoreError("cannot create the installation secret \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = secret.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == secretLength, fsync(fd) == 0 else {
            throw StoreError("cannot write the installation secret \(path): \(String(cString: strerror(errno)))")
        }
        return CredentialHasher(secret: secret)
    }

    /// The keyed hash of `password` for device `deviceID` in `tenant` (binding the hash to the
    /// device means equal passwords on two devices do not give equal hashes).
    func hash(password: String, tenant: String, deviceID: String) -> Data {
        hash(password: password, tenant: tenant, deviceID: deviceID, startingFrom: keyedMAC())
    }

    /// An HMAC keyed with the secret; bulk hashing copies it instead of re-keying per row.
    func keyedMAC() -> HMAC<SHA256> {
        HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The same hash as `hash(password:tenant:deviceID:)`, from a copy of `keyedMAC()`.
    func hash(password: String, tenant: String, deviceID: String, startingFrom keyed: HMAC<SHA256>) -> Data {
        // One buffer, one update: HMAC's generic `update` costs thousands of instructions per call,
        // and the hash of the concatenation is the same as that of the parts fed one by one.
        var message: [UInt8] = []
        message.reserveCapacity(tenant.utf8.count + deviceID.utf8.count + password.utf8.count + 2)
        message.append(contentsOf: tenant.utf8)
        message.append(0)
        message.append(contentsOf: deviceID.utf8)
        message.append(0)
        message.append(contentsOf: password.utf8)
        var mac = keyed
        mac.update(data: message)
        return Data(mac.finalize())
    }

    /// Whether `password` matches a stored hash (constant-time comparison).
    func matches(password: String, tenant: String, deviceID: String, hash stored: Data) -> Bool {
        safeCompare(hash(password: password, tenant: tenant, deviceID: deviceID), stored)
    }

    private func safeCompare(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
