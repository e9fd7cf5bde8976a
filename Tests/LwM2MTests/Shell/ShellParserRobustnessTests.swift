import Testing
@testable import LwM2M

/// SplitMix64: a small seeded generator so a failing input can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Shell parser robustness")
struct ShellParserRobustnessTests {
    /// Pieces that steer random lines into every verb's argument handling.
    static let pieces = ShellVerb.allCases.map(\.rawValue) + [
        " ", " ", "/", "/3/0/", "/1/0/1", "/5/0/0", "/2/0/2", "/3303/0/5700", "0", "1", "9", "65535", "-", ".", ",", ";",
        "=", "'", "\"", "\\", "{", "}", "[", "]", ":", "&", "--timeout", "5s", "ms", "pmin=", "gt=", "st=", "cancel",
        #"{"1":"#, #""/3/0/15":"#, "0x", "ff", "true", "é", "\u{0}", "\n", "\r\n", "\t", "http://h/f", "TLV", "GET",
        #""method":"#, #""uri":"#, "1e308", "-0", "99999999999999999999",
    ]

    @Test("random command lines are parsed or refused, never crash", arguments: [UInt64(1), 2, 3, 4])
    func randomLines(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        var parsed = 0, refused = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 0...8, using: &generator)
            var line = (ShellVerb.allCases.randomElement(using: &generator)?.rawValue ?? "") + " "
            for _ in 0..<count { line += Self.pieces.randomElement(using: &generator) ?? "" }
            do {
                let requests = try ShellCommandParser.parse(line, model: .builtIn)
                #expect(!requests.isEmpty)
                parsed += 1
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        // Both outcomes must occur, or the generator is not exercising the parser.
        #expect(parsed > 0 && refused > 0)
    }
}
