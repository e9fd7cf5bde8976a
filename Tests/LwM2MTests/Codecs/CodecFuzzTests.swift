import Testing
@testable import LwM2M

/// Seeded mutation fuzzing of every decoder: malformed input must be refused with an error, never
/// crash, hang or allocate without bound. Each decoder gets a fixed number of inputs (bounded
/// time, repeatable by seed); `lwm2m-console bench fuzz` runs the same targets for longer.
@Suite("Codec fuzzing")
struct CodecFuzzTests {
    static let inputsPerDecoder = 20_000

    static let handWrittenSeeds: [ContentFormat: [[UInt8]]] = {
        var seeds: [ContentFormat: [[UInt8]]] = [:]
        seeds[.tlv] = [try? CodecFixture.hex("tlv-device-3-0.hex"), try? CodecFixture.hex("tlv-acl-object-2.hex")].compactMap { $0 }
        seeds[.lwm2mJSON] = [try? CodecFixture.data("lwm2m-json-device-3-0.json"), try? CodecFixture.data("lwm2m-json-timeseries-72.json")].compactMap { $0 }
        seeds[.senmlJSON] = [try? CodecFixture.data("senml-json-composite.json"), try? CodecFixture.data("senml-json-device-3-0.json")].compactMap { $0 }
        seeds[.senmlCBOR] = [try? CodecFixture.hex("senml-cbor-device-3-0.hex")].compactMap { $0 }
        return seeds
    }()

    @Test("mutated inputs never crash a decoder", arguments: CodecFuzzTarget.all(extraSeeds: handWrittenSeeds).map(\.name))
    func fuzz(targetName: String) throws {
        let target = try #require(CodecFuzzTarget.all(extraSeeds: Self.handWrittenSeeds).first { $0.name == targetName })
        #expect(target.seeds.count >= 2)
        // Every seed is valid input for its decoder (otherwise mutations explore nothing useful).
        let undecodable = target.seeds.indices.filter { !target.decode(target.seeds[$0]) }
        #expect(undecodable.isEmpty, "seeds \(undecodable) of \(targetName) do not decode")
        var mutator = PayloadMutator(seed: 0x5eed_0000 &+ UInt64(targetName.utf8.count), corpus: target.seeds)
        var refused = 0
        for _ in 0..<Self.inputsPerDecoder where !target.decode(mutator.next()) { refused += 1 }
        // Mutations must actually produce malformed input, or the fuzzer tests nothing.
        #expect(refused > 0)
    }

    @Test("the mutator is repeatable by seed")
    func repeatable() {
        var a = PayloadMutator(seed: 42, corpus: [[1, 2, 3, 4]])
        var b = PayloadMutator(seed: 42, corpus: [[1, 2, 3, 4]])
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test("the fast path parser agrees with LwM2MPath(parsing:) wherever it answers")
    func fastPathAgrees() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("/0123456789/x ".utf8)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 24)
            let name = String(decoding: (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            if let fast = NodeLayout.fastPath(name) {
                #expect((try? LwM2MPath(parsing: name)) == fast, "\(name)")
            }
        }
        #expect(NodeLayout.fastPath("/3/0/65534") == lwp(3, 0, 65534))
        #expect(NodeLayout.fastPath("/3/0/65535") == nil)
        #expect(NodeLayout.fastPath("/1/2/3/4/5") == nil)
    }
}
