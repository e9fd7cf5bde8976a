import LwM2M

/// How binary values (`writeb`, a firmware PUSH) travel to a device: the device's
/// `binaryDeliveryEncoding` (SPEC §2, §5).
enum BinaryDeliveryEncoding: String, Sendable, CaseIterable {
    /// The bytes as they are, `application/octet-stream` (42).
    case opaque = "OPAQUE"
    /// Base64 in `text/plain` (0), as LwM2M 1.1 allows for opaque resources.
    case text = "TEXT"
    /// One opaque resource in OMA TLV (11542).
    case tlv = "TLV"
    /// SenML JSON (110) with the bytes base64url in `vd`.
    case json = "JSON"

    /// The stored setting; empty or unknown means OPAQUE (the importer warned about it).
    init(setting: String?) {
        self = setting.flatMap { Self(rawValue: $0.uppercased()) } ?? .opaque
    }

    /// The content format of a request carrying the bytes.
    var contentFormat: ContentFormat {
        switch self {
        case .opaque: .opaque
        case .text: .text
        case .tlv: .tlv
        case .json: .senmlJSON
        }
    }

    /// The payload carrying `bytes` for the resource at `path`.
    func payload(_ bytes: [UInt8], path: LwM2MPath) throws(EngineError) -> [UInt8] {
        if self == .opaque { return bytes }
        do {
            return try LwM2MCodec.encode(LwM2MNodes([path: .opaque(bytes)]), format: contentFormat, path: path)
        } catch {
            throw EngineError("cannot encode \(bytes.count) bytes for \(path) as \(rawValue): \(error)")
        }
    }
}
