import Foundation

/// Writes synthetic bulk-registration files (classic layout, PSK devices) for benchmarks, the
/// crash test and demos. Streams to disk: any row count in constant memory.
public enum SampleFileWriter {
    /// Writes a `;`-separated classic-layout file of `rows` PSK devices named `<prefix>000001`, …
    /// to `path`, each with distinct PSK identities and keys.
    public static func writePSKFile(rows: Int, to path: String, idPrefix: String = "bench-") throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw StoreError("cannot create \(path)") }
        defer { try? handle.close() }
        var chunk = """
            ID;IDTYPE;CREDENTIALS;NAME;TYPE;SHELL;com_cumulocity_model_Agent;endpoint id;lwm2m server uri;\
            securityMode;lwm2m psk_id;lwm2m psk_key;bootstrap psk_id;bootstrap psk_key;\
            external-c8y_Lwm2mPskId;external-c8y_BootstrapPskId;registrationLifetime;bindingMode\n
            """
        for index in 1...max(1, rows) {
            let id = idPrefix + String(index).leftPadded(to: 6)
            let key = String(format: "%032x", index &* 2_654_435_761)
            chunk += "\(id);c8y_Id;Secret-\(index)-Pw!x;\(id);c8y_lwm2m;1;1;\(id);coaps://127.0.0.1:5784;PSK;"
            chunk += "\(id)-lw;\(key);\(id)-bs;\(key);\(id)-lw;\(id)-bs;86400;UQ\n"
            if chunk.utf8.count > 1 << 16 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
