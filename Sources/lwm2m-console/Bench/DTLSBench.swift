import ArgumentParser
import CGnuTLSShim
import CoAP
import Glibc
import NIOCore

/// `lwm2m-console bench dtls`: PSK handshakes per second and memory per idle DTLS session.
struct DTLSBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dtls",
        abstract: "Measure DTLS PSK handshakes per second and memory per established idle session."
    )

    @Option(help: "Sessions to establish and hold.")
    var sessions = 10_000

    @Option(help: "GnuTLS priority string the client offers (default: the mandatory PSK-AES128-CCM8 only).")
    var priority = "NONE:+VERS-DTLS1.2:+COMP-NULL:+SIGN-ALL:+PSK:+AES-128-CCM-8:+AEAD:+SHA256"

    @Option(help: "Also run over real UDP sockets on 127.0.0.1 with this many handshakes in flight (0: skip).")
    var udpConcurrency = 64

    @Flag(inversion: .prefixedNo, help: "Let the server free each GnuTLS session once established (compact sessions; --no-compact keeps GnuTLS's).")
    var compact = true

    func validate() throws {
        guard (1...60_000).contains(sessions) else {
            throw ValidationError("--sessions must be between 1 and 60000 (one client port each)")
        }
    }

    func run() async throws {
        let keys = Dictionary(uniqueKeysWithValues: (0..<sessions).map { ("urn:dev:\($0)", Array("key-\($0)-0123456789".utf8)) })
        let clock = ContinuousClock()
        let serverConfiguration = DTLSConfiguration(maxSessions: sessions + 1, compactSessions: compact)
        let server = try DTLSServer(configuration: serverConfiguration) { keys[$0] }
        let serverAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 5684)
        let now = NIODeadline.now()
        var serverTime = Duration.zero
        let heapBefore = Self.heapInUse()
        let residentBefore = Self.residentBytes()

        let started = clock.now
        for index in 0..<sessions {
            // One client per device (own identity), dropped once connected: only the server's
            // sessions stay, which is what the memory figure is about.
            let identity = "urn:dev:\(index)"
            let client = try DTLSClient(identity: identity, key: keys[identity] ?? [], configuration: DTLSConfiguration(priority: priority))
            let clientAddress = try SocketAddress(ipAddress: "127.0.\(1 + index / 60_000).1", port: 1_024 + index % 60_000)
            var toServer = client.outbound(ByteBuffer(string: "hello"), to: serverAddress, now: now).datagrams
            var rounds = 0
            while !toServer.isEmpty, rounds < 8 {
                rounds += 1
                var toClient: [AddressedEnvelope<ByteBuffer>] = []
                for datagram in toServer {
                    var output = SecurityOutput()
                    serverTime += clock.measure { output = server.inbound(datagram.data, from: clientAddress, now: now) }
                    toClient += output.datagrams
                }
                toServer = toClient.flatMap { client.inbound($0.data, from: serverAddress, now: now).datagrams }
            }
            guard server.identity(of: clientAddress) == identity else {
                throw ValidationError("handshake \(index) did not complete")
            }
        }
        let elapsed = clock.now - started
        let heapAfter = Self.heapInUse()
        let residentAfter = Self.residentBytes()

        let seconds = Self.seconds(elapsed)
        let serverSeconds = Self.seconds(serverTime)
        let perSession = Double(heapAfter - heapBefore) / Double(sessions)
        let residentPerSession = Double(residentAfter - residentBefore) / Double(sessions)
        print("DTLS PSK handshakes: \(sessions) (client priority: \(priority))")
        print("  wall time, client and server in one thread: \(Self.format(seconds)) s -> \(Self.format(Double(sessions) / seconds)) handshakes/s")
        print("  server share: \(Self.format(serverSeconds)) s -> \(Self.format(serverSeconds / Double(sessions) * 1_000_000)) us per handshake, \(Self.format(Double(sessions) / serverSeconds)) handshakes/s on one core")
        print("  established idle sessions held: \(server.sessionCount) (\(server.statistics.sessionsCompacted) compact)")
        print("  heap per session (malloc in use): \(Self.format(perSession / 1024)) KiB")
        print("  resident memory per session: \(Self.format(residentPerSession / 1024)) KiB")

        guard udpConcurrency > 0 else { return }
        let udp = try await DTLSBenchUDP.run(keys: keys, priority: priority, concurrency: udpConcurrency)
        print("DTLS PSK handshakes over UDP on 127.0.0.1 (\(udpConcurrency) in flight, server and clients on separate event loops):")
        print("  \(udp.completed) handshakes in \(Self.format(udp.seconds)) s -> \(Self.format(Double(udp.completed) / udp.seconds)) handshakes/s; server holds \(udp.held) sessions")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)"
    }

    /// Bytes allocated through malloc and in use (glibc).
    private static func heapInUse() -> Int {
        Int(cgnutls_heap_in_use())
    }

    /// Resident set size from /proc/self/statm.
    private static func residentBytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 128)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = String(decoding: bytes[0..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
