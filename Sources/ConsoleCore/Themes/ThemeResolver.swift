/// Turns theme documents into themes: follows `inherits`, merges palettes and roles, checks colours.
public struct ThemeResolver: Sendable {
    /// Finds a theme's source by name: (text, file) or nil when there is none.
    public var source: @Sendable (String) -> (text: String, file: String)?

    /// Creates a resolver over a source of theme texts.
    public init(source: @escaping @Sendable (String) -> (text: String, file: String)?) {
        self.source = source
    }

    /// A resolver over the four built-in themes only.
    public static let builtIn = ThemeResolver { name in
        BuiltInThemes.texts[name].map { ($0, "\(name).toml") }
    }

    /// Loads and resolves the theme called `name`.
    public func theme(named name: String) throws(ThemeError) -> Theme {
        guard let found = source(name) else { throw ThemeError(file: "\(name).toml", line: 0, reason: "no theme called \"\(name)\"") }
        return try theme(from: ThemeParser.parse(found.text, file: found.file), fallbackName: name)
    }

    /// Resolves a parsed document (its parents come from `source`).
    public func theme(from document: ThemeDocument, fallbackName: String) throws(ThemeError) -> Theme {
        var chain = [document]
        var seen: Set<String> = [document.name ?? fallbackName]
        var current = document
        while let parent = current.inherits {
            guard !seen.contains(parent.name) else {
                throw ThemeError(file: current.file, line: parent.line, reason: "inheritance cycle through \"\(parent.name)\"")
            }
            seen.insert(parent.name)
            guard let found = source(parent.name) else {
                throw ThemeError(file: current.file, line: parent.line, reason: "inherits unknown theme \"\(parent.name)\"")
            }
            current = try ThemeParser.parse(found.text, file: found.file)
            chain.append(current)
        }
        // Parents first, so children override.
        var palette: [String: String] = [:]
        var roles: [StyleRole: Located<RoleSpec>] = [:]
        var roleFiles: [StyleRole: String] = [:]
        for layer in chain.reversed() {
            for (name, color) in layer.palette { palette[name] = color.value }
            for (role, spec) in layer.roles {
                roles[role] = Located(value: spec.value.over(roles[role]?.value ?? RoleSpec()), line: spec.line)
                roleFiles[role] = layer.file
            }
        }
        var styles: [StyleRole: RoleStyle] = [:]
        for (role, spec) in roles {
            let file = roleFiles[role] ?? document.file
            func color(_ text: String?) throws(ThemeError) -> ThemeColor? {
                guard let text else { return nil }
                if let named = palette[text], let parsed = ThemeColor(literal: named) { return parsed }
                if let parsed = ThemeColor(literal: text) { return parsed }
                throw ThemeError(file: file, line: spec.line, reason: "bad colour \"\(text)\" for \(role.rawValue) (not in the palette, not #rrggbb or an ANSI name)")
            }
            styles[role] = RoleStyle(
                foreground: try color(spec.value.foreground), background: try color(spec.value.background),
                bold: spec.value.bold ?? false, underline: spec.value.underline ?? false, reverse: spec.value.reverse ?? false
            )
        }
        return Theme(name: document.name ?? fallbackName, styles: styles)
    }
}
