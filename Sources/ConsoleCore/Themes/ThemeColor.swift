/// A colour as a theme names it, before the terminal's capability is known.
public enum ThemeColor: Sendable, Equatable, Hashable {
    /// The terminal's own default foreground/background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–15).
    case ansi(Int)
    /// One of the 256 xterm colours.
    case indexed(Int)
    /// A 24-bit colour.
    case rgb(red: Int, green: Int, blue: Int)

    static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses "#rrggbb", an ANSI name ("red", "bright-blue", "grey"), "default", or "colorN" (0–255).
    public init?(literal text: String) {
        let lower = text.lowercased()
        if lower == "default" {
            self = .terminalDefault
        } else if let index = Self.ansiNames.firstIndex(of: lower) {
            self = .ansi(index)
        } else if lower == "grey" || lower == "gray" {
            self = .ansi(8)
        } else if lower.hasPrefix("#"), lower.count == 7, let value = Int(lower.dropFirst(), radix: 16) {
            self = .rgb(red: value >> 16 & 0xFF, green: value >> 8 & 0xFF, blue: value & 0xFF)
        } else if lower.hasPrefix("color"), let index = Int(lower.dropFirst(5)), (0...255).contains(index) {
            self = .indexed(index)
        } else {
            return nil
        }
    }

    /// The colour the terminal can show at `depth`, or nil when it shows no colour.
    public func adapted(to depth: ColorDepth) -> ThemeColor? {
        switch (self, depth) {
        case (_, .none): return nil
        case (.terminalDefault, _): return .terminalDefault
        case (.ansi, _): return self
        case (.indexed(let index), .ansi16): return index < 16 ? .ansi(index) : .ansi(Self.nearestANSI(Self.rgbOf(index: index)))
        case (.indexed, _): return self
        case (.rgb, .truecolor): return self
        case (.rgb(let red, let green, let blue), .indexed256): return .indexed(Self.nearestIndexed(red, green, blue))
        case (.rgb(let red, let green, let blue), .ansi16): return .ansi(Self.nearestANSI((red, green, blue)))
        }
    }

    // xterm's 6×6×6 cube levels.
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]
    // The usual xterm values of the 16 ANSI colours.
    private static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOf(index: Int) -> (Int, Int, Int) {
        if index < 16 { return ansiRGB[index] }
        if index >= 232 {
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16
        return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
    }

    static func nearestIndexed(_ red: Int, _ green: Int, _ blue: Int) -> Int {
        var best = 16
        var bestDistance = Int.max
        for index in 16...255 {
            let distance = Self.distance(rgbOf(index: index), (red, green, blue))
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    static func nearestANSI(_ color: (Int, Int, Int)) -> Int {
        var best = 0
        var bestDistance = Int.max
        for (index, candidate) in ansiRGB.enumerated() {
            let distance = Self.distance(candidate, color)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    private static func distance(_ lhs: (Int, Int, Int), _ rhs: (Int, Int, Int)) -> Int {
        let red = lhs.0 - rhs.0
        let green = lhs.1 - rhs.1
        let blue = lhs.2 - rhs.2
        return 2 * red * red + 4 * green * green + 3 * blue * blue
    }
}
