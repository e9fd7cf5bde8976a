import ConsoleCore
import Testing

@Suite("Grid and display width")
struct GridTests {
    @Test func wideCharactersTakeTwoCells() {
        var grid = Grid(width: 6, height: 1)
        let used = grid.put("東京x", x: 0, y: 0, role: .text)
        #expect(used == 5)
        #expect(grid[0, 0].text == "東")
        #expect(grid[1, 0].isContinuation)
        #expect(grid[2, 0].text == "京")
        #expect(grid[4, 0].text == "x")
        #expect(grid.text == "東京x\n")
    }

    @Test func aWideCharacterThatWouldStraddleTheEdgeBecomesASpace() {
        var grid = Grid(width: 3, height: 1)
        grid.put("ab東", x: 0, y: 0, role: .text)
        #expect(grid[2, 0].text == " ")
        #expect(!grid[2, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("東", x: 0, y: 0, role: .text)
        grid.put("z", x: 1, y: 0, role: .text)
        #expect(grid[0, 0].text == " ")
        #expect(grid[1, 0].text == "z")
    }

    @Test func widths() {
        #expect(DisplayWidth.of("a" as Character) == 1)
        #expect(DisplayWidth.of("東" as Character) == 2)
        #expect(DisplayWidth.of("é" as Character) == 1)
        #expect(DisplayWidth.of("●" as Character) == 1)
        #expect(DisplayWidth.of("sensor-東京") == 11)
    }

    @Test func keymapHelpListsEveryBinding() {
        let lines = Keymap.standard.helpLines()
        for binding in Keymap.standard.bindings {
            #expect(lines.contains { $0.contains(binding.help) })
        }
        #expect(Keymap.standard.command(for: .char("a"), in: [.alarms]) == .acknowledge)
        #expect(Keymap.standard.command(for: .char("a"), in: [.devices]) == nil)
        #expect(Keymap.standard.command(for: .enter, in: [.bootstrap]) == .edit)
        #expect(Keymap.standard.command(for: .enter, in: [.devices]) == .open)
    }
}
