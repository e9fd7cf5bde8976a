import ArgumentParser
import CoAP
import Foundation
import NIOCore
import NIOPosix

/// `lwm2m-console bench coap`: CON GET → 2.05 throughput of one CoAP endpoint on one event-loop
/// thread, with a given number of live peers, driven by our own raw-UDP load generator.
struct CoAPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coap",
        abstract: "Requests per second of the CoAP endpoint with N live peers (CON GET -> 2.05)."
    )

    @Option(help: "Distinct peers (source addresses 127.x.y.z) that stay live in the peer table.")
    var peers: Int = 100

    @Option(help: "Seconds to measure after populating the table and a 1-second warm-up.")
    var seconds: Int = 10

    @Option(help: "Load generator sockets, one thread each.")
    var sockets: Int = 4

    @Option(help: "Requests kept outstanding per generator socket.")
    var window: Int = 64

    mutating func validate() throws {
        guard (1...4_000_000).contains(peers) else { throw ValidationError("--peers must be 1 to 4000000") }
        guard seconds >= 1 else { throw ValidationError("--seconds must be at least 1") }
        guard (1...64).contains(sockets), sockets <= peers else { throw ValidationError("--sockets must be 1 to 64 and at most --peers") }
        guard (1...4096).contains(window) else { throw ValidationError("--window must be 1 to 4096") }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = CoAPConfiguration()
        configuration.maxPeers = peers + 1_000
        configuration.peerIdleTimeout = .seconds(3_600)
        var routes = CoAPRoutes()
        let payload = Array("22.5".utf8)
        routes.on("/bench", immediate: { _ in CoAPResponse(.content, payload: payload) })
        let endpoint = try await CoAPEndpoint.bind(host: "127.0.0.1", port: 0, configuration: configuration, routes: routes, group: group)
        guard let port = endpoint.localAddress.port else { throw ValidationError("the endpoint has no port") }

        let generators = try (0..<sockets).map { index in
            try UDPLoadGenerator(index: index, of: sockets, totalPeers: peers, targetPort: UInt16(port), window: window)
        }
        let rssBefore = ProcessMemory.residentBytes()
        let populate = try await runPhase(generators, seconds: nil)
        let counters = try await endpoint.counters()
        let rssAfter = ProcessMemory.residentBytes()
        print("populate: \(populate.completed) answered, \(populate.lost) lost; peers in table: \(counters.peers)")
        _ = try await runPhase(generators, seconds: 1)

        let loopCPUBefore = ProcessMemory.eventLoopCPUSeconds()
        let started = DispatchTime.now().uptimeNanoseconds
        let measured = try await runPhase(generators, seconds: seconds)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let loopCPU = ProcessMemory.eventLoopCPUSeconds() - loopCPUBefore
        let final = try await endpoint.counters()

        let rate = Double(measured.completed) / elapsed
        print(String(format: "peers: %d live (table %d)  sockets: %d  window: %d", peers, final.peers, sockets, window))
        print(String(format: "throughput: %.0f req/s over %.1f s (%d answered, %d lost)", rate, elapsed, measured.completed, measured.lost))
        print(String(format: "event loop CPU: %.2f s of %.2f s (%.0f%% of one core); %.0f req per loop-CPU-second",
                     loopCPU, elapsed, 100 * loopCPU / elapsed, loopCPU > 0 ? Double(measured.completed) / loopCPU : 0))
        print(String(format: "memory: RSS %.1f MiB -> %.1f MiB after populating; %.0f bytes per idle peer; peak RSS %.1f MiB",
                     Double(rssBefore) / 1_048_576, Double(rssAfter) / 1_048_576,
                     Double(rssAfter - rssBefore) / Double(max(peers, 1)), Double(ProcessMemory.peakResidentBytes()) / 1_048_576))
        print("endpoint counters: in \(final.datagramsIn), out \(final.datagramsOut), duplicates \(final.duplicates), malformed \(final.malformed), rejected \(final.rejectedByLimit)")
        await endpoint.close()
        try await group.shutdownGracefully()
    }

    /// Runs every generator on its own thread; `seconds` nil means one request per peer.
    private func runPhase(_ generators: [UDPLoadGenerator], seconds: Int?) async throws -> UDPLoadGenerator.Stats {
        let deadline = seconds.map { DispatchTime.now().uptimeNanoseconds + UInt64($0) * 1_000_000_000 }
        return await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "coap-bench", attributes: .concurrent)
            let group = DispatchGroup()
            for generator in generators {
                queue.async(group: group) { generator.run(deadline: deadline) }
            }
            group.notify(queue: .global()) {
                continuation.resume(returning: generators.reduce(UDPLoadGenerator.Stats()) { $0 + $1.lastStats })
            }
        }
    }
}
