import DeviceStore
import Foundation
import LwM2MEngine

/// `concurrency` workers, each submitting `read /3/0/0` to its own devices in turn and waiting
/// for the operation's final event before the next: throughput and submit-to-result times.
struct EngineReadLoad: Sendable {
    let engine: LwM2MEngine
    let devices: Int
    let concurrency: Int
    let seconds: Double

    /// What one run measured.
    struct Result {
        var successful = 0
        var failed = 0
        var unfinished = 0
        var elapsed = 0.0
        var roundTripsNs: [UInt64] = []
        var engineRoundTripsMs: [Int] = []

        var summary: String {
            let sorted = roundTripsNs.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6
            }
            let engineSorted = engineRoundTripsMs.sorted()
            let engineP99 = engineSorted.isEmpty ? 0 : engineSorted[min(engineSorted.count - 1, Int(Double(engineSorted.count) * 0.99))]
            return String(format: """
                reads: %d successful, %d failed, %d unfinished in %.1f s = %.0f ops/s
                round trip (submit -> SUCCESSFUL event): p50 %.2f ms, p99 %.2f ms, max %.2f ms; engine-measured CoAP p99 %d ms
                """, successful, failed, unfinished, elapsed, Double(successful) / elapsed,
                percentile(0.50), percentile(0.99), percentile(1.0), engineP99)
        }
    }

    private struct WorkerResult: Sendable {
        var roundTripsNs: [UInt64] = []
        var engineRoundTripsMs: [Int] = []
        var failed = 0
        var unfinished = 0
    }

    func run() async throws -> Result {
        let completions = EngineReadBenchCompletions()
        let stream = await engine.events()
        let consumer = Task {
            for await event in stream {
                if case .operation(let op) = event, op.status.isFinal { completions.finish(op) }
            }
            completions.close()
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        // Operations still out at the end get 35 s (more than their 30 s timeout) to finish.
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(seconds + 35))
            completions.close()
        }
        let perWorker = devices / concurrency
        let workers = try await withThrowingTaskGroup(of: WorkerResult.self) { group in
            for worker in 0..<concurrency {
                group.addTask { [engine] in
                    var result = WorkerResult()
                    var turn = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let device = DeviceRef(tenant: DeviceStore.defaultTenant, id: "bench-\(worker + concurrency * (turn % perWorker))")
                        turn += 1
                        let sent = DispatchTime.now().uptimeNanoseconds
                        guard let id = try await engine.submit(device, text: "read /3/0/0").first?.id else { continue }
                        guard let done = await completions.wait(id) else {
                            result.unfinished += 1
                            break
                        }
                        if done.status == .successful {
                            result.roundTripsNs.append(DispatchTime.now().uptimeNanoseconds - sent)
                            if let ms = done.roundTripMs { result.engineRoundTripsMs.append(ms) }
                        } else {
                            result.failed += 1
                        }
                    }
                    return result
                }
            }
            var all: [WorkerResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        watchdog.cancel()
        consumer.cancel()
        var result = Result(elapsed: elapsed)
        for worker in workers {
            result.roundTripsNs += worker.roundTripsNs
            result.engineRoundTripsMs += worker.engineRoundTripsMs
            result.failed += worker.failed
            result.unfinished += worker.unfinished
        }
        result.successful = result.roundTripsNs.count
        return result
    }
}
