import ConsoleCore
import Foundation
import Testing

@Suite("Themes")
struct ThemeTests {
    @Test(arguments: BuiltInThemes.names)
    func shippedThemesResolveAndCoverEveryRole(name: String) throws {
        let theme = try ThemeResolver.builtIn.theme(named: name)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test func monochromeUsesNoColour() throws {
        let theme = try ThemeResolver.builtIn.theme(named: "monochrome")
        for role in StyleRole.allCases {
            #expect(theme.style(for: role).foreground == nil && theme.style(for: role).background == nil)
        }
        #expect(theme.style(for: .selection).reverse)
    }

    @Test func embeddedThemesMatchTheThemesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes").standardized
        for name in BuiltInThemes.names {
            let file = try String(contentsOf: folder.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == BuiltInThemes.texts[name], "\(name).toml differs from the embedded copy")
        }
    }

    @Test func lightInheritsDefaultAndOverridesThePalette() throws {
        let light = try ThemeResolver.builtIn.theme(named: "light")
        let dark = try ThemeResolver.builtIn.theme(named: "default")
        #expect(light.style(for: .title).bold == dark.style(for: .title).bold)
        #expect(light.style(for: .title).foreground == .rgb(red: 0x00, green: 0x5F, blue: 0x87))
    }

    private func refusal(_ text: String, parents: [String: String] = [:]) -> ThemeError? {
        let resolver = ThemeResolver { name in parents[name].map { ($0, "\(name).toml") } ?? BuiltInThemes.texts[name].map { ($0, "\(name).toml") } }
        do {
            let document = try ThemeParser.parse(text, file: "my.toml")
            _ = try resolver.theme(from: document, fallbackName: "my")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownRoleIsRefusedWithFileAndLine() {
        let error = refusal("name = \"my\"\n[roles]\ntitle = { bold = true }\n\"border.shiny\" = { fg = \"red\" }\n")
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("my.toml:4: unknown role \"border.shiny\"") == true)
    }

    @Test func badColourIsRefusedWithFileAndLine() {
        #expect(refusal("[palette]\naccent = \"#12345\"\n")?.description.hasPrefix("my.toml:2: bad colour \"#12345\"") == true)
        let unknownName = refusal("[roles]\n\n\ntitle = { fg = \"sunset\" }\n")
        #expect(unknownName?.line == 4)
        #expect(unknownName?.reason.contains("bad colour \"sunset\"") == true)
        #expect(refusal("[roles]\ntitle = { fg = 300 }\n")?.line == 2)
    }

    @Test func syntaxErrorsNameTheLine() {
        #expect(refusal("name = \"x\"\n[roles\n")?.line == 2)
        #expect(refusal("name = x\n")?.reason == "bad value \"x\" (strings need quotes)")
        #expect(refusal("[roles]\ntitle = { bold = yes }\n")?.line == 2)
        #expect(refusal("[roles]\ntitle = { fg = \"red\"\n")?.reason == "expected , or } in the inline table")
        #expect(refusal("[colours]\n")?.reason.hasPrefix("unknown section [colours]") == true)
        #expect(refusal("[roles]\ntitle = { blink = true }\n")?.reason.hasPrefix("unknown attribute \"blink\"") == true)
    }

    @Test func inheritanceErrors() {
        #expect(refusal("inherits = \"nowhere\"\n")?.description == "my.toml:1: inherits unknown theme \"nowhere\"")
        let cycle = refusal("name = \"a\"\ninherits = \"b\"\n", parents: ["b": "name = \"b\"\ninherits = \"a\"\n", "a": "name = \"a\"\ninherits = \"b\"\n"])
        #expect(cycle?.reason.contains("inheritance cycle") == true)
    }

    @Test func childOverridesOnlyTheAttributesItNames() throws {
        let parent = "name = \"p\"\n[roles]\ntitle = { fg = \"red\", bold = true }\n"
        let resolver = ThemeResolver { $0 == "p" ? (parent, "p.toml") : nil }
        let child = try ThemeParser.parse("name = \"c\"\ninherits = \"p\"\n[roles]\ntitle = { underline = true }\n", file: "c.toml")
        let theme = try resolver.theme(from: child, fallbackName: "c")
        #expect(theme.style(for: .title) == RoleStyle(foreground: .ansi(1), bold: true, underline: true))
    }

    @Test func coloursStepDownByCapability() {
        let orange = ThemeColor.rgb(red: 0xFF, green: 0x87, blue: 0x00)
        #expect(orange.adapted(to: .truecolor) == orange)
        #expect(orange.adapted(to: .indexed256) == .indexed(208))
        #expect(orange.adapted(to: .ansi16) == .ansi(3) || orange.adapted(to: .ansi16) == .ansi(11))
        #expect(orange.adapted(to: .none) == nil)
        #expect(ThemeColor.indexed(196).adapted(to: .ansi16) == .ansi(9))
        #expect(ThemeColor.indexed(244).adapted(to: .indexed256) == .indexed(244))
        #expect(ColorDepth.forColorCount(256) == .indexed256)
        #expect(ColorDepth.forColorCount(0x1000000) == .truecolor)
        #expect(ColorDepth.forColorCount(8) == .ansi16)
        #expect(ColorDepth.forColorCount(0) == .none)
    }

    @Test func adaptingAThemeKeepsAttributesAndDropsColours() throws {
        let theme = try ThemeResolver.builtIn.theme(named: "default").adapted(to: .none)
        #expect(theme.style(for: .title) == RoleStyle(bold: true))
    }
}
