import Foundation

/// What each column of a bulk-registration file means, worked out once from its header.
struct ImportHeader {
    /// The meaning of one column.
    enum Kind: Equatable {
        case known(ImportColumn)
        /// `external-<type>`: an external ID of that type.
        case external(type: String)
        /// Any other header: a custom property.
        case custom(name: String)
        /// An empty header cell (Excel's trailing separators) or `failureReason`: cells ignored.
        case ignored
    }

    let names: [String]
    let kinds: [Kind]
    let layout: ImportReport.Layout
    /// Position of each known column in the file, by `ImportColumn.ordinal`.
    private let indexOfColumn: [Int?]

    init(record: CSVRecord) throws {
        names = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var kinds: [Kind] = []
        var index: [ImportColumn: Int] = [:]
        var seen: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            let key = ImportColumn.normalize(name)
            // `failureReason` is what --failed-rows adds: ignoring it lets operators re-import that
            // file once fixed.
            if key.isEmpty || key == "failurereason" {
                kinds.append(.ignored)
                continue
            }
            let canonical = ImportColumn(header: name).map(\.rawValue) ?? key
            if let first = seen[canonical] {
                throw ImportFileError(
                    "line \(record.line): the header names column '\(name)' twice (columns \(first + 1) and \(position + 1))")
            }
            seen[canonical] = position
            if let column = ImportColumn(header: name) {
                kinds.append(.known(column))
                index[column] = position
            } else if key.hasPrefix("external-"), name.count > "external-".count {
                kinds.append(.external(type: String(name.dropFirst("external-".count))))
            } else {
                kinds.append(.custom(name: name))
            }
        }
        self.kinds = kinds
        var positions = [Int?](repeating: nil, count: ImportColumn.allCases.count)
        for (column, position) in index { positions[column.ordinal] = position }
        indexOfColumn = positions
        // The classic layout is recognised by its ID or IDTYPE column.
        layout = index[.id] != nil || index[.idType] != nil ? .classic : .lwm2mOnly
        let required = layout == .classic ? ImportColumn.classicRequired : ImportColumn.lwm2mOnlyRequired
        let missing = required.filter { index[$0] == nil }.map(\.displayName)
        if !missing.isEmpty {
            let layoutName = layout == .classic ? "classic" : "LwM2M-only"
            throw ImportFileError(
                "line \(record.line): the header lacks required column(s) \(missing.joined(separator: ", ")) "
                    + "for the \(layoutName) layout (found: \(names.joined(separator: ", ")))")
        }
    }

    /// The position of `column`, when the header has it.
    func index(of column: ImportColumn) -> Int? { indexOfColumn[column.ordinal] }
}
