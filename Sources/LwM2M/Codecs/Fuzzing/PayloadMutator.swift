/// Derives malformed payloads from valid ones for fuzzing decoders: bit flips, random and
/// "interesting" bytes (length prefixes, CBOR heads, JSON punctuation), insertions, deletions,
/// duplicated ranges, truncation and splices of two inputs.
public struct PayloadMutator: Sendable {
    private var random: SplitMix64
    private let corpus: [[UInt8]]
    /// The longest input produced (bounds the work per input).
    public var maxLength = 4096

    /// Bytes that often hit edge cases in the formats decoded here.
    private static let interesting: [UInt8] = [
        0x00, 0x01, 0x07, 0x08, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x20, 0x3f, 0x40, 0x5f, 0x7f, 0x80,
        0x9f, 0xbf, 0xc1, 0xc8, 0xdf, 0xf4, 0xf5, 0xf6, 0xf9, 0xfa, 0xfb, 0xff,
        UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
        UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"),
        UInt8(ascii: "e"), UInt8(ascii: "."), UInt8(ascii: "9"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ";"),
    ]

    /// Creates a mutator over valid seed inputs (at least one; an empty corpus mutates `[]`).
    public init(seed: UInt64, corpus: [[UInt8]]) {
        random = SplitMix64(seed: seed)
        self.corpus = corpus.isEmpty ? [[]] : corpus
    }

    private mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(random.next() % UInt64(n)) }

    /// The next mutated input: a corpus entry with one to eight mutations stacked.
    public mutating func next() -> [UInt8] {
        var input = corpus[below(corpus.count)]
        for _ in 0...below(8) { mutate(&input) }
        if input.count > maxLength { input.removeLast(input.count - maxLength) }
        return input
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        let position = below(input.count + 1)
        switch below(9) {
        case 0 where !input.isEmpty:
            input[below(input.count)] ^= UInt8(1) << UInt8(below(8))
        case 1 where !input.isEmpty:
            input[below(input.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2 where !input.isEmpty:
            input[below(input.count)] = Self.interesting[below(Self.interesting.count)]
        case 3:
            input.insert(contentsOf: (0..<1 + below(4)).map { _ in Self.interesting[below(Self.interesting.count)] }, at: position)
        case 4 where !input.isEmpty:
            let start = below(input.count)
            input.removeSubrange(start..<min(input.count, start + 1 + below(16)))
        case 5 where !input.isEmpty:
            let start = below(input.count)
            let chunk = Array(input[start..<min(input.count, start + 1 + below(32))])
            input.insert(contentsOf: chunk, at: position)
        case 6:
            input.removeLast(input.count - position)
        case 7:
            let other = corpus[below(corpus.count)]
            let cut = below(other.count + 1)
            input = Array(input.prefix(position)) + other[cut...]
        default:
            input.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        }
    }
}
