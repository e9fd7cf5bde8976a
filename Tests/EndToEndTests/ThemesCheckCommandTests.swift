import Foundation
import Testing

@Suite("themes check")
struct ThemesCheckCommandTests {
    private func check(_ text: String) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mine.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TmuxSession.binary())
        process.arguments = ["themes", "check", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).replacingOccurrences(of: file.path, with: "mine.toml"))
    }

    @Test func validThemeExitsZero() throws {
        let result = try check("name = \"mine\"\ninherits = \"default\"\n[roles]\ntitle = { fg = \"#ff8700\" }\n")
        #expect(result.status == 0)
        #expect(result.output.contains("ok"))
    }

    @Test func unknownRoleExitsOneWithFileAndLine() throws {
        let result = try check("name = \"mine\"\n[roles]\n\"pane.glow\" = { bold = true }\n")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("mine.toml:3: unknown role \"pane.glow\""))
    }

    @Test func badColourExitsOneWithFileAndLine() throws {
        let result = try check("inherits = \"default\"\n[roles]\ntitle = { fg = \"#zzzzzz\" }\n")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("mine.toml:3: bad colour \"#zzzzzz\""))
    }
}
