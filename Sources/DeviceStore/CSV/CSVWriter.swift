import Foundation

/// Writes CSV records to a file (RFC 4180 quoting), buffered; used for the failed-rows file.
final class CSVWriter {
    private let handle: FileHandle
    private let separator: CSVSeparator
    private var pending = Data()

    /// Creates (truncating) `path` with mode 0600: failed rows may carry device credentials.
    init(path: String, separator: CSVSeparator) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw StoreError("cannot write the failed-rows file \(path): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.separator = separator
    }

    /// Appends one record.
    func write(_ fields: [String]) throws {
        let separatorText = String(UnicodeScalar(separator.rawValue))
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += separatorText }
            let needsQuotes = field.unicodeScalars.contains {
                $0 == "\"" || $0 == "\n" || $0 == "\r" || $0.value == UInt32(separator.rawValue)
            }
            if needsQuotes {
                line += "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                line += field
            }
        }
        line += "\r\n"
        pending.append(contentsOf: line.utf8)
        if pending.count > 1 << 16 { try flush() }
    }

    /// Writes what is buffered.
    func flush() throws {
        guard !pending.isEmpty else { return }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            throw StoreError("cannot write the failed-rows file: \(error.localizedDescription)")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
