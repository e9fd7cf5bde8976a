import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console bench import --rows N`: imports a generated N-row PSK file into a fresh store
/// and prints the wall time and the process's peak RSS.
struct ImportBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a generated PSK bulk-registration file into a fresh temporary store.")

    @Option(help: ArgumentHelp("Number of device rows to generate.", valueName: "n"))
    var rows: Int = 100_000

    @Option(help: ArgumentHelp("Keep the generated file and store in this directory (default: a temp dir, removed).", valueName: "dir"))
    var keep: String?

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
    }

    func run() throws {
        let directory = keep ?? (NSTemporaryDirectory() + "lwm2m-import-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let file = directory + "/bench.csv"
        try SampleFileWriter.writePSKFile(rows: rows, to: file)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let store = try DeviceStore(directory: directory + "/data")
        let rssBefore = peakRSSKilobytes()
        let cpuBefore = cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let report = try BulkImporter(store: store).run(file: file)
        let elapsed = clock.now - start
        let cpu = cpuSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("bench import: \(rows) rows, file \(fileSize / 1_048_576) MB")
        print("  created \(report.created), failed \(report.failed)")
        print(String(format: "  wall time    %.2f s (%.0f rows/s)", seconds, Double(rows) / seconds))
        // CPU time as well as wall time: on a shared machine the wall time includes waiting for a core.
        print(String(format: "  CPU time     %.2f s (user + system of this process during the import)", cpu))
        print("  peak RSS     \(peakRSSKilobytes() / 1024) MB (before import: \(rssBefore / 1024) MB)")
        guard report.created == rows else { throw ExitCode.failure }
    }

    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func peakRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss  // kilobytes on Linux
    }
}
