import Foundation
import NIOCore
import Testing
@testable import CoAP

/// Conformance against libcoap 4.3.1 (Debian's libcoap3-bin), code nobody here wrote.
@Suite("Interop with libcoap's coap-client and coap-server", .serialized,
       .enabled(if: ExternalProcess.isInstalled("/usr/bin/coap-client-notls")))
struct LibcoapInteropTests {
    static let client = "/usr/bin/coap-client-notls"
    static let server = "/usr/bin/coap-server-notls"

    static func bigBody(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Our endpoint with a few resources: a text, a store, an echo and a 100 KiB body.
    static func serverEndpoint(uploads: Recorder<[UInt8]>) async throws -> CoAPEndpoint {
        let store = Recorder<[UInt8]>()
        let big = bigBody(100 * 1024, seed: 1)
        var routes = CoAPRoutes()
        routes.on("/hello", immediate: { _ in CoAPResponse(.content, text: "world") })
        routes.on("/big", immediate: { _ in CoAPResponse(.content, payload: big) })
        routes.on("/store", async: { context in
            switch context.method {
            case .put:
                store.append(context.payload)
                uploads.append(context.payload)
                return CoAPResponse(.changed)
            case .get:
                return CoAPResponse(.content, payload: store.values.last ?? [])
            case .delete:
                store.append([])
                return CoAPResponse(.deleted)
            case .post:
                return CoAPResponse(.created, text: "posted \(context.payload.count) bytes")
            default:
                return CoAPResponse(.methodNotAllowed)
            }
        })
        return try await CoAPEndpoint.bind(host: "127.0.0.1", port: 0, routes: routes)
    }

    @Test("coap-client GET/PUT/POST/DELETE against our endpoint")
    func clientMethods() async throws {
        let uploads = Recorder<[UInt8]>()
        let endpoint = try await Self.serverEndpoint(uploads: uploads)
        defer { Task { await endpoint.close() } }
        let base = "coap://127.0.0.1:\(endpoint.localAddress.port ?? 0)"
        let hello = try await ExternalProcess.run(Self.client, ["-B", "5", "\(base)/hello"])
        #expect(hello.stdout.contains("world"))
        _ = try await ExternalProcess.run(Self.client, ["-B", "5", "-m", "put", "-e", "stored-text", "\(base)/store"])
        #expect(uploads.values == [Array("stored-text".utf8)])
        let get = try await ExternalProcess.run(Self.client, ["-B", "5", "\(base)/store"])
        #expect(get.stdout.contains("stored-text"))
        let post = try await ExternalProcess.run(Self.client, ["-B", "5", "-m", "post", "-e", "abc", "\(base)/store"])
        #expect(post.stdout.contains("posted 3 bytes"))
        _ = try await ExternalProcess.run(Self.client, ["-B", "5", "-m", "delete", "\(base)/store"])
        let afterDelete = try await ExternalProcess.run(Self.client, ["-B", "5", "\(base)/store"])
        #expect(!afterDelete.stdout.contains("stored-text"))
        let missing = try await ExternalProcess.run(Self.client, ["-B", "5", "\(base)/missing"])
        #expect(missing.combined.contains("4.04"))
        let counters = try await endpoint.counters()
        #expect(counters.requestsIn >= 7)
    }

    @Test("coap-client downloads a 100 KiB Block2 body and uploads a 100 KiB Block1 body")
    func clientBlockwise() async throws {
        let uploads = Recorder<[UInt8]>()
        let endpoint = try await Self.serverEndpoint(uploads: uploads)
        defer { Task { await endpoint.close() } }
        let base = "coap://127.0.0.1:\(endpoint.localAddress.port ?? 0)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coap-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let downloaded = directory.appendingPathComponent("down.bin")
        _ = try await ExternalProcess.run(Self.client, ["-B", "20", "-o", downloaded.path, "\(base)/big"], timeout: 30)
        let bytes = try Data(contentsOf: downloaded)
        #expect(bytes.count == 100 * 1024)
        #expect([UInt8](bytes) == Self.bigBody(100 * 1024, seed: 1))

        let upload = Self.bigBody(100 * 1024, seed: 2)
        let source = directory.appendingPathComponent("up.bin")
        try Data(upload).write(to: source)
        _ = try await ExternalProcess.run(Self.client, ["-B", "20", "-m", "put", "-f", source.path, "\(base)/store"], timeout: 30)
        #expect(uploads.values.last == upload)
        #expect(uploads.values.count == 1, "the handler runs once for the whole body")
    }

    @Test("coap-client dropping some of its datagrams (-l): lost blocks are retransmitted, bodies arrive intact once")
    func clientWithLostBlocks() async throws {
        let uploads = Recorder<[UInt8]>()
        let endpoint = try await Self.serverEndpoint(uploads: uploads)
        defer { Task { await endpoint.close() } }
        let base = "coap://127.0.0.1:\(endpoint.localAddress.port ?? 0)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coap-lossy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let upload = Self.bigBody(20 * 1024, seed: 6)
        let source = directory.appendingPathComponent("up.bin")
        try Data(upload).write(to: source)
        // The client's 3rd and 9th datagrams (Block1 blocks 2 and 8) never leave it.
        _ = try await ExternalProcess.run(Self.client, ["-B", "30", "-l", "3,9", "-m", "put", "-f", source.path, "\(base)/store"], timeout: 40)
        #expect(uploads.values == [upload], "whole body, handler once")
        let downloaded = directory.appendingPathComponent("down.bin")
        // The 4th request (a Block2 follow-up) is lost; the client retransmits it.
        _ = try await ExternalProcess.run(Self.client, ["-B", "30", "-l", "4", "-o", downloaded.path, "\(base)/big"], timeout: 40)
        #expect([UInt8](try Data(contentsOf: downloaded)) == Self.bigBody(100 * 1024, seed: 1))
        let counters = try await endpoint.counters()
        #expect(counters.requestsIn == 20 + 100, "every block handled once, the lost ones after retransmission")
    }

    /// Starts coap-server-notls on a free port and waits until it answers.
    static func startServer() async throws -> (ExternalProcess.Running, SocketAddress, CoAPEndpoint) {
        let port = ExternalProcess.freeUDPPort()
        let server = try ExternalProcess.start(Self.server, ["-A", "127.0.0.1", "-p", "\(port)"])
        let endpoint = try await CoAPEndpoint.bind(host: "127.0.0.1", port: 0)
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        for _ in 0..<50 {
            if (try? await endpoint.send(CoAPRequest(.get, path: "/.well-known/core"), to: address, timeout: .milliseconds(200))) != nil { break }
        }
        return (server, address, endpoint)
    }

    /// The first `count` notifications, or fewer if `within` passes first (never hangs).
    static func notifications(of observation: CoAPObservation, count: Int, within limit: Duration) async -> [CoAPResponse] {
        let collected = Recorder<CoAPResponse>()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in observation.events {
                    if case .notification(let response) = event { collected.append(response) }
                    if collected.values.count == count { return }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
        return collected.values
    }

    @Test("our client against coap-server: discovery, 100 KiB PUT (Block1) and GET (Block2)")
    func ourClient() async throws {
        let (server, address, endpoint) = try await Self.startServer()
        defer {
            server.stop()
            Task { await endpoint.close() }
        }
        let core = try await endpoint.send(CoAPRequest(.get, path: "/.well-known/core"), to: address, timeout: .seconds(5))
        #expect(core.code == .content)
        #expect(String(decoding: core.payload, as: UTF8.self).contains("</time>"))
        let body = Self.bigBody(100 * 1024, seed: 3)
        let put = try await endpoint.send(CoAPRequest(.put, path: "/example_data", payload: body), to: address, timeout: .seconds(20))
        #expect(put.code.isSuccess)
        let get = try await endpoint.send(CoAPRequest(.get, path: "/example_data"), to: address, timeout: .seconds(20))
        #expect(get.code == .content)
        #expect(get.payload == body)
        let missing = try await endpoint.send(CoAPRequest(.get, path: "/no-such-thing"), to: address, timeout: .seconds(5))
        #expect(missing.code == .notFound)
    }

    @Test("our client against a coap-server that drops some answers (-l): retransmission recovers the blocks")
    func ourClientWithLostAnswers() async throws {
        let port = ExternalProcess.freeUDPPort()
        // The server's 2nd and 6th datagrams are dropped (Block1 acknowledgements).
        let server = try ExternalProcess.start(Self.server, ["-A", "127.0.0.1", "-p", "\(port)", "-l", "2,6"])
        let endpoint = try await CoAPEndpoint.bind(host: "127.0.0.1", port: 0)
        defer {
            server.stop()
            Task { await endpoint.close() }
        }
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        try await Task.sleep(for: .milliseconds(500))  // let the child bind; no readiness probe, it would use up the drops
        let body = Self.bigBody(8 * 1024, seed: 7)
        let put = try await endpoint.send(CoAPRequest(.put, path: "/example_data", payload: body), to: address, timeout: .seconds(30))
        #expect(put.code.isSuccess)
        let get = try await endpoint.send(CoAPRequest(.get, path: "/example_data"), to: address, timeout: .seconds(30))
        #expect(get.payload == body)
        #expect(try await endpoint.counters().retransmissions >= 2)
    }

    @Test("our observation of coap-server's /time gets notifications; cancel stops them")
    func observeTime() async throws {
        let (server, address, endpoint) = try await Self.startServer()
        defer {
            server.stop()
            Task { await endpoint.close() }
        }
        let observation = try await endpoint.observe(CoAPRequest(.get, path: "/time"), to: address, timeout: .seconds(5))
        #expect(observation.isEstablished)
        let notifications = await Self.notifications(of: observation, count: 3, within: .seconds(8))
            .map { String(decoding: $0.payload, as: UTF8.self) }
        #expect(notifications.count == 3)
        #expect(Set(notifications).count == 3, "each notification carries a new time: \(notifications)")
        await observation.cancel(actively: true, timeout: .seconds(5))
        // After the deregistration is answered the server must send nothing more.
        try await Task.sleep(for: .milliseconds(300))
        let before = try await endpoint.counters()
        try await Task.sleep(for: .milliseconds(2_500))
        let after = try await endpoint.counters()
        #expect(after.datagramsIn == before.datagramsIn, "no notification after cancel")
        #expect(after.resetsOut == before.resetsOut)
    }

    @Test("observing coap-server's /example_data: a 3000-byte representation and notification arrive whole (Block2)")
    func observeBlockwise() async throws {
        let (server, address, endpoint) = try await Self.startServer()
        defer {
            server.stop()
            Task { await endpoint.close() }
        }
        let first = Self.bigBody(3000, seed: 4)
        let second = Self.bigBody(3000, seed: 5)
        let put = try await endpoint.send(CoAPRequest(.put, path: "/example_data", payload: first), to: address, timeout: .seconds(10))
        #expect(put.code.isSuccess)
        let observation = try await endpoint.observe(CoAPRequest(.get, path: "/example_data"), to: address, timeout: .seconds(10))
        #expect(observation.isEstablished)
        #expect(observation.response.payload == first)
        let writer = try await CoAPEndpoint.bind(host: "127.0.0.1")
        _ = try await writer.send(CoAPRequest(.put, path: "/example_data", payload: second), to: address, timeout: .seconds(10))
        await writer.close()
        let received = await Self.notifications(of: observation, count: 1, within: .seconds(8))
        #expect(received.first?.payload == second)
        await observation.cancel()
    }

    @Test("a passive cancel answers the next notification with RST, and the server stops")
    func observePassiveCancel() async throws {
        let (server, address, endpoint) = try await Self.startServer()
        defer {
            server.stop()
            Task { await endpoint.close() }
        }
        let observation = try await endpoint.observe(CoAPRequest(.get, path: "/time"), to: address, timeout: .seconds(5))
        #expect(observation.isEstablished)
        await observation.cancel(actively: false)
        try await Task.sleep(for: .milliseconds(2_500))
        let before = try await endpoint.counters()
        #expect(before.resetsOut >= 1, "the unwanted notification got RST")
        try await Task.sleep(for: .milliseconds(2_000))
        let after = try await endpoint.counters()
        #expect(after.datagramsIn == before.datagramsIn, "the server stopped after our RST")
    }
}
