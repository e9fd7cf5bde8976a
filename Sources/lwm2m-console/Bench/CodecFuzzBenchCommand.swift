import ArgumentParser
import LwM2M

/// `lwm2m-console bench fuzz`: mutated inputs through every decoder; inputs/s per decoder.
struct CodecFuzzBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run seeded mutated inputs through every payload decoder; print inputs/s per decoder.",
        discussion: "A crash ends the run (that is the finding); the slowest single input is printed to spot hangs."
    )

    @Option(help: "Seconds to run each decoder.")
    var seconds: Double = 5

    @Option(help: "Seed of the mutator (runs are repeatable by seed).")
    var seed: UInt64 = 1

    @Option(help: "Only run the decoders with these names (repeatable).")
    var decoder: [String] = []

    func run() throws {
        let clock = ContinuousClock()
        let limit = Duration.milliseconds(Int64(seconds * 1000))
        print("seed \(seed), \(seconds) s per decoder")
        print(CodecBenchTable.column("decoder", 14) + CodecBenchTable.column("inputs", 12) + CodecBenchTable.column("refused", 12) + CodecBenchTable.column("inputs/s", 12) + "slowest input (rerun alone)")
        var total = 0
        for target in CodecFuzzTarget.all() where decoder.isEmpty || decoder.contains(target.name) {
            var mutator = PayloadMutator(seed: seed, corpus: target.seeds)
            var inputs = 0, refused = 0
            var slowest = Duration.zero
            var slowestInput: [UInt8] = []
            let start = clock.now
            while clock.now - start < limit {
                for _ in 0..<64 {
                    let input = mutator.next()
                    let t0 = clock.now
                    if !target.decode(input) { refused += 1 }
                    let took = clock.now - t0
                    if took > slowest { slowest = took; slowestInput = input }
                }
                inputs += 64
            }
            let (s, atto) = (clock.now - start).components
            let rate = Double(inputs) / (Double(s) + Double(atto) / 1e18)
            let slowestMicros = Double(slowest.components.seconds) * 1e6 + Double(slowest.components.attoseconds) / 1e12
            // Time the slowest input again, alone: a real hang repeats, a scheduler pause does not.
            let again = clock.measure { _ = target.decode(slowestInput) }
            let againMicros = Double(again.components.seconds) * 1e6 + Double(again.components.attoseconds) / 1e12
            print(CodecBenchTable.column(target.name, 14) + CodecBenchTable.column(String(inputs), 12) + CodecBenchTable.column(String(refused), 12) + CodecBenchTable.column(CodecBenchTable.rate(rate), 12) + "\(Int(slowestMicros)) µs (\(slowestInput.count) bytes; \(Int(againMicros)) µs when run again)")
            total += inputs
        }
        print("\(total) inputs, no crash")
    }
}
