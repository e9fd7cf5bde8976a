extension String {
    /// The string without leading and trailing spaces and tabs. Much cheaper than Foundation's
    /// `trimmingCharacters(in:)` (which goes through NSString) on the importer's hot path, and
    /// returns `self` untouched in the common case of nothing to trim.
    var trimmingBlanks: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        if !isBlank(first), !isBlank(last) { return self }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }
}
