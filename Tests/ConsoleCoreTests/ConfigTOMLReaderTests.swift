import ConsoleCore
import Testing

@Suite("TOML subset reader shared by themes and the configuration file")
struct ConfigTOMLReaderTests {
    @Test func readsSectionsEntriesAndArraysWithTheirLines() throws {
        let text = "# settings\nserver_port = 5783\n\n[keys]\nfilter = [\"/\", \"f\"]  # two keys\nquit = \"ctrl-q\"\n"
        let lines = try TOMLReader.lines(text, file: "c.toml")
        #expect(lines == [
            .entry(key: "server_port", value: .integer(5783), line: 2),
            .section(name: "keys", line: 4),
            .entry(key: "filter", value: .array([.string("/"), .string("f")]), line: 5),
            .entry(key: "quit", value: .string("ctrl-q"), line: 6),
        ])
    }

    @Test func unclosedArrayNamesTheLine() {
        #expect(throws: TOMLSyntaxError(file: "c.toml", line: 2, reason: "expected , or ] in the array")) {
            _ = try TOMLReader.lines("[keys]\nfilter = [\"/\" \"f\"]\n", file: "c.toml")
        }
    }

    @Test func themesStillRefuseArrays() {
        #expect(throws: ThemeError(file: "t.toml", line: 1, reason: "unexpected \"[\"")) {
            _ = try ThemeParser.parse("name = [\"x\"]\n", file: "t.toml")
        }
    }
}
