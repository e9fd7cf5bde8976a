import Foundation

/// A streaming RFC 4180 reader over a file: a fixed-size buffer, one record at a time, so memory
/// does not grow with the file. Detects the separator from the header line, skips a UTF-8 BOM,
/// accepts CRLF, LF and CR line ends, and reports the line each record starts on. Refuses what is
/// not a UTF-8 text file (NUL bytes, invalid UTF-8) and cells over `maxCellBytes` (a missing
/// closing quote would otherwise swallow the rest of the file).
final class CSVReader {
    static let defaultMaxCellBytes = 1 << 20

    private let fd: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private let maxCellBytes: Int
    private(set) var separator: CSVSeparator = .comma
    private var field: [UInt8] = []

    /// Opens `path` for reading.
    init(path: String, maxCellBytes: Int = CSVReader.defaultMaxCellBytes, chunkSize: Int = 1 << 16) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw StoreError("\(path) is a directory, not a CSV file")
        }
        self.maxCellBytes = maxCellBytes
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
    }

    deinit { close(fd) }

    /// Reads the header record, first detecting the separator and skipping a BOM. Returns `nil`
    /// for an empty file (nothing but a BOM and blank lines).
    func readHeader() throws -> CSVRecord? {
        // Make the whole first line available (bounded by the cell limit) to detect the separator.
        try fill()
        if end - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
        while true {
            if let lineEnd = firstLineEnd() {
                let detected = CSVSeparator.detect(headerLine: buffer[position..<lineEnd])
                separator = detected ?? .comma
                break
            }
            if atEOF || end - position > maxCellBytes {
                separator = CSVSeparator.detect(headerLine: buffer[position..<end]) ?? .comma
                break
            }
            try fill()
        }
        return try next()
    }

    /// The next non-blank record, or `nil` at the end of the file.
    func next() throws -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if record.fields.count == 1, record.fields[0].isEmpty { continue }  // blank line
            return record
        }
    }

    private enum State {
        case fieldStart, unquoted, quoted, afterClosingQuote
    }

    private func readRecord() throws -> CSVRecord? {
        let quote = UInt8(ascii: "\"")
        let separatorByte = separator.rawValue
        let startLine = line
        var fields: [String] = []
        var state = State.fieldStart
        var quoteLine = line
        field.removeAll(keepingCapacity: true)
        var sawAnything = false
        while true {
            if position == end {
                try fill()
                if position == end {
                    if state == .quoted {
                        throw CSVFormatError(
                            line: quoteLine, column: fields.count + 1,
                            reason: "a quoted cell is never closed (missing \")")
                    }
                    if !sawAnything { return nil }
                    fields.append(try takeField(column: fields.count + 1))
                    return CSVRecord(line: startLine, fields: fields)
                }
            }
            let byte = buffer[position]
            position += 1
            sawAnything = true
            if byte == 0 {
                throw CSVFormatError(
                    line: line, column: nil, reason: "the file contains a NUL byte: it is binary, not a UTF-8 CSV text file")
            }
            switch state {
            case .fieldStart, .unquoted:
                if byte == separatorByte {
                    fields.append(try takeField(column: fields.count + 1))
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    fields.append(try takeField(column: fields.count + 1))
                    try endLine(after: byte)
                    return CSVRecord(line: startLine, fields: fields)
                } else if byte == quote, state == .fieldStart {
                    state = .quoted
                    quoteLine = line
                } else {
                    try append(byte, column: fields.count + 1)
                    try appendPlainRun(until: separatorByte, column: fields.count + 1)
                    state = .unquoted
                }
            case .quoted:
                if byte == quote {
                    state = .afterClosingQuote
                } else {
                    if byte == 0x0A || byte == 0x0D {
                        // Keep the line break as written (CRLF stays CRLF) but count it once.
                        if byte == 0x0A {
                            line += 1
                        } else if try !peekIs(0x0A) {
                            line += 1
                        }
                    }
                    try append(byte, column: fields.count + 1)
                }
            case .afterClosingQuote:
                if byte == quote {
                    try append(quote, column: fields.count + 1)  // "" is an escaped quote
                    state = .quoted
                } else if byte == separatorByte {
                    fields.append(try takeField(column: fields.count + 1))
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    fields.append(try takeField(column: fields.count + 1))
                    try endLine(after: byte)
                    return CSVRecord(line: startLine, fields: fields)
                } else {
                    throw CSVFormatError(
                        line: line, column: fields.count + 1,
                        reason: "unexpected text after the closing quote of a quoted cell (a \" inside quotes must be doubled)")
                }
            }
        }
    }

    private func endLine(after byte: UInt8) throws {
        if byte == 0x0D, try peekIs(0x0A) { position += 1 }
        line += 1
    }

    private func peekIs(_ expected: UInt8) throws -> Bool {
        if position == end { try fill() }
        return position < end && buffer[position] == expected
    }

    private func append(_ byte: UInt8, column: Int) throws {
        guard field.count < maxCellBytes else {
            throw CSVFormatError(
                line: line, column: column,
                reason: "a cell is larger than \(maxCellBytes / 1024) KB (is a closing quote missing?)")
        }
        field.append(byte)
    }

    /// Appends the bytes up to the next separator, line end or NUL in one go: the common case
    /// of an unquoted cell, without a trip through the state machine per byte.
    private func appendPlainRun(until separatorByte: UInt8, column: Int) throws {
        let start = position
        let stop = buffer.withUnsafeBufferPointer { bytes -> Int in
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == separatorByte || byte == 0x0A || byte == 0x0D || byte == 0 { break }
                index += 1
            }
            return index
        }
        guard stop > start else { return }
        guard field.count + (stop - start) <= maxCellBytes else {
            throw CSVFormatError(
                line: line, column: column,
                reason: "a cell is larger than \(maxCellBytes / 1024) KB (is a closing quote missing?)")
        }
        field.append(contentsOf: buffer[start..<stop])
        position = stop
    }

    private func takeField(column: Int) throws -> String {
        defer { field.removeAll(keepingCapacity: true) }
        // ASCII cells (nearly all of them) are valid UTF-8 by construction: skip the generic
        // validating initializer, which profiling showed costs ~1,000 instructions per cell.
        let isASCII = field.withUnsafeBufferPointer { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if isASCII { return String(decoding: field, as: UTF8.self) }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVFormatError(
                line: line, column: column, reason: "the cell is not valid UTF-8 (save the file as UTF-8)")
        }
        return text
    }

    /// The end of the first line in the buffer (outside quotes), or `nil` when not yet read.
    private func firstLineEnd() -> Int? {
        var quoted = false
        var index = position
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted, byte == 0x0A || byte == 0x0D {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Reads more bytes: compacts the unread part to the front and grows the buffer only while
    /// the header line is longer than it (bounded by the cell limit).
    private func fill() throws {
        guard !atEOF else { return }
        if position > 0 {
            let remaining = end - position
            if remaining > 0 {
                buffer.withUnsafeMutableBufferPointer { pointer in
                    guard let base = pointer.baseAddress else { return }
                    base.update(from: base + position, count: remaining)
                }
            }
            position = 0
            end = remaining
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
            guard let base = pointer.baseAddress else { return 0 }
            return read(fd, base + end, pointer.count - end)
        }
        if count < 0 {
            throw StoreError("cannot read the file: \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEOF = true }
        end += count
    }
}
