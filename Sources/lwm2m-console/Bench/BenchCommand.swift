import ArgumentParser

/// `lwm2m-console bench …`: benchmarks that print their figures (run them on a release build).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its figures (use a release build).",
        subcommands: [
            // Each benchmark adds its subcommand here, one line each.
            DTLSBench.self,
            FirmwarePullBenchCommand.self,
            CodecBenchCommand.self,
            CodecFuzzBenchCommand.self,
            CoAPBenchCommand.self,
            ImportBenchCommand.self,
            EngineRegistrationBenchCommand.self,
            ConsoleBenchCommand.self,
            EngineReadBenchCommand.self,
            ReloadKeysBenchCommand.self,
            FirmwareBenchCommand.self,
        ]
    )
}
