import Foundation

/// The demo's bundled bulk-registration file (LwM2M-only layout), completed with the ports the
/// engine actually bound, and the demo's simulated devices described by the same rows.
enum DemoCSV {
    /// One demo device.
    struct Entry: Sendable {
        /// Endpoint client name (also the device ID).
        var endpoint: String
        /// True for PSK over DTLS.
        var psk: Bool
        /// Binding UQ with a short awake window: the device sleeps between updates.
        var sleepy = false
        /// The simulated device never answers requests (to show a timeout); it registers
        /// directly, because it would not answer the bootstrap server either.
        var mute = false

        /// The LwM2M PSK identity.
        var lwm2mIdentity: String { "\(endpoint)-lw" }
        /// The bootstrap PSK identity.
        var bootstrapIdentity: String { "\(endpoint)-bs" }
        /// A per-device 16-byte key in hex (demo only: derived from the name, never use in production).
        var keyHex: String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in endpoint.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return String(format: "%016llx%016llx", hash, hash &* 0x9e37_79b9_7f4a_7c15)
        }
        /// The key as bytes.
        var key: [UInt8] {
            let hex = Array(keyHex.utf8)
            return stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        }
    }

    /// The bundled devices; `extra` generated NO_SEC devices are appended.
    static func entries(extra: Int) -> [Entry] {
        var entries: [Entry] = [
            Entry(endpoint: "meter-001", psk: false), Entry(endpoint: "meter-002", psk: false),
            Entry(endpoint: "meter-003", psk: false), Entry(endpoint: "meter-004", psk: false),
            Entry(endpoint: "pump-psk-01", psk: true), Entry(endpoint: "pump-psk-02", psk: true),
            Entry(endpoint: "valve-psk-01", psk: true),
            Entry(endpoint: "sleepy-01", psk: false, sleepy: true), Entry(endpoint: "sleepy-02", psk: false, sleepy: true),
            Entry(endpoint: "mute-01", psk: false, mute: true),
        ]
        for index in 0..<max(0, extra) {
            entries.append(Entry(endpoint: String(format: "node-%05d", index + 1), psk: false))
        }
        return entries
    }

    /// The header of the demo files.
    static let header = "endpoint id;securityMode;lwm2m server uri;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;registrationLifetime;bindingMode;awakeTimeRegistrationParameter"

    /// The main tenant's file for a server on `host` with the bound ports.
    static func text(_ entries: [Entry], host: String, serverPort: Int, serverDTLSPort: Int) -> String {
        var lines = [header]
        for entry in entries {
            let uri = entry.psk ? "coaps://\(host):\(serverDTLSPort)" : "coap://\(host):\(serverPort)"
            let keys = entry.psk ? "\(entry.lwm2mIdentity);\(entry.keyHex);\(entry.bootstrapIdentity);\(entry.keyHex)" : ";;;"
            let lifetime = entry.sleepy ? 120 : 300
            let binding = entry.sleepy ? "UQ" : "U"
            let awake = entry.sleepy ? "5000" : ""
            lines.append("\(entry.endpoint);\(entry.psk ? "PSK" : "NO_SEC");\(uri);\(keys);\(lifetime);\(binding);\(awake)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The second tenant's file: one endpoint that already exists in the first tenant
    /// (imported as a duplicate with a MAJOR alarm).
    static func duplicateText(host: String, serverPort: Int) -> String {
        header + "\nmeter-001;NO_SEC;coap://\(host):\(serverPort);;;;;300;U;\n"
    }
}
