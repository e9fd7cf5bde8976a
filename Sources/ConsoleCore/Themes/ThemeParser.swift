/// Parses the theme format, a small TOML subset:
///
/// ```toml
/// name = "default"
/// inherits = "base"            # optional
/// [palette]
/// accent = "#5f87d7"
/// [roles]
/// title = { fg = "accent", bold = true }
/// "border.focused" = { fg = "cyan", bold = true }
/// ```
public enum ThemeParser {
    /// Parses `text` read from `file`; errors name the line and the reason.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> ThemeDocument {
        var document = ThemeDocument(file: file)
        var section = ""
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            var scanner = LineScanner(line: String(rawLine), file: file, number: lineNumber)
            let entry: (key: String, value: TOMLValue)
            do throws(TOMLSyntaxError) {
                scanner.skipSpaces()
                if scanner.atEnd { continue }
                if scanner.peek == "[" {
                    section = try scanner.sectionHeader()
                    guard ["palette", "roles"].contains(section) else {
                        throw TOMLSyntaxError(file: file, line: lineNumber, reason: "unknown section [\(section)] (expected [palette] or [roles])")
                    }
                    continue
                }
                let key = try scanner.key()
                try scanner.expect("=")
                entry = (key, try scanner.value())
                try scanner.expectEnd()
            } catch {
                throw ThemeError(file: error.file, line: error.line, reason: error.reason)
            }
            try assign(key: entry.key, value: entry.value, section: section, line: lineNumber, to: &document)
        }
        return document
    }

    private static func assign(key: String, value: TOMLValue, section: String, line: Int, to document: inout ThemeDocument) throws(ThemeError) {
        let file = document.file
        switch section {
        case "":
            guard case .string(let text) = value else { throw ThemeError(file: file, line: line, reason: "\(key) must be a string") }
            switch key {
            case "name": document.name = text
            case "inherits": document.inherits = (text, line)
            case "description": break
            default: throw ThemeError(file: file, line: line, reason: "unknown key \"\(key)\" (expected name, inherits, description)")
            }
        case "palette":
            guard case .string(let text) = value else { throw ThemeError(file: file, line: line, reason: "palette colour \(key) must be a string like \"#5f87d7\"") }
            guard ThemeColor(literal: text) != nil else { throw ThemeError(file: file, line: line, reason: "bad colour \"\(text)\" for \(key) (use #rrggbb, an ANSI name, colorN or default)") }
            document.palette[key] = Located(value: text, line: line)
        default:
            guard let role = StyleRole(rawValue: key) else {
                throw ThemeError(file: file, line: line, reason: "unknown role \"\(key)\" (roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .table(let entries) = value else { throw ThemeError(file: file, line: line, reason: "role \(key) must be an inline table like { fg = \"blue\" }") }
            var spec = RoleSpec()
            for (attribute, attributeValue) in entries {
                switch (attribute, attributeValue) {
                case ("fg", .string(let text)): spec.foreground = text
                case ("bg", .string(let text)): spec.background = text
                case ("fg", .integer(let index)), ("bg", .integer(let index)):
                    guard (0...255).contains(index) else { throw ThemeError(file: file, line: line, reason: "colour index \(index) is outside 0…255") }
                    if attribute == "fg" { spec.foreground = "color\(index)" } else { spec.background = "color\(index)" }
                case ("bold", .bool(let flag)): spec.bold = flag
                case ("underline", .bool(let flag)): spec.underline = flag
                case ("reverse", .bool(let flag)): spec.reverse = flag
                case ("fg", _), ("bg", _): throw ThemeError(file: file, line: line, reason: "\(attribute) of \(key) must be a colour string")
                case ("bold", _), ("underline", _), ("reverse", _): throw ThemeError(file: file, line: line, reason: "\(attribute) of \(key) must be true or false")
                default: throw ThemeError(file: file, line: line, reason: "unknown attribute \"\(attribute)\" in \(key) (expected fg, bg, bold, underline, reverse)")
                }
            }
            document.roles[role] = Located(value: spec, line: line)
        }
    }
}
