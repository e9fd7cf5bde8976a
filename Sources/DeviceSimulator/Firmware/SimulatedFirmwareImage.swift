import Crypto
import Foundation

/// The image layout simulated devices understand: an optional first line
/// `SIMFW1 <name> <version> <size> <sha256-hex>` followed by `size` bytes whose SHA-256 it
/// names. With the header the device checks size and digest and takes the version from it;
/// any other image is accepted as is and gets the next version `1.0.<n>`.
public enum SimulatedFirmwareImage {
    /// What a header says.
    public struct Header: Sendable, Equatable {
        /// The package name.
        public var name: String
        /// The version the device reports after installing.
        public var version: String
        /// The body size in bytes.
        public var size: Int
        /// The body's SHA-256, lower-case hex.
        public var sha256: String
    }

    /// An image with a header for `body`.
    public static func make(name: String, version: String, body: [UInt8]) -> [UInt8] {
        let line = "SIMFW1 \(name) \(version) \(body.count) \(digest(body))\n"
        return Array(line.utf8) + body
    }

    /// The header and body of `image`; nil header when the image has none.
    public static func parse(_ image: [UInt8]) -> (header: Header?, body: ArraySlice<UInt8>) {
        let prefix = Array("SIMFW1 ".utf8)
        guard image.starts(with: prefix), let newline = image.prefix(512).firstIndex(of: 0x0A) else {
            return (nil, image[...])
        }
        let fields = String(decoding: image[..<newline], as: UTF8.self).split(separator: " ")
        guard fields.count == 5, let size = Int(fields[3]) else { return (nil, image[...]) }
        let header = Header(name: String(fields[1]), version: String(fields[2]), size: size, sha256: String(fields[4]))
        return (header, image[(newline + 1)...])
    }

    /// True when the body matches the header's size and digest (or there is no header).
    public static func verify(_ image: [UInt8]) -> Bool {
        let (header, body) = parse(image)
        guard let header else { return true }
        return body.count == header.size && digest(Array(body)) == header.sha256
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
