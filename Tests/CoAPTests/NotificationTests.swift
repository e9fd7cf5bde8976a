import Foundation
import NIOCore
import Testing
@testable import CoAP

/// The observed side (what a simulated device needs): handlers accept Observe, `notify` sends.
@Suite("Sending notifications", .serialized)
struct NotificationTests {
    /// A device endpoint whose /temp accepts observers and records who they are.
    static func device(observers: Recorder<CoAPRequestContext>) async throws -> CoAPEndpoint {
        var routes = CoAPRoutes()
        routes.on("/temp", immediate: { context in
            var response = CoAPResponse(.content, text: "20")
            if context.message.options.observe == 0 {
                observers.append(context)
                response.options.observe = 1
            }
            return response
        })
        return try await CoAPEndpoint.bind(host: "127.0.0.1", routes: routes)
    }

    @Test("our observer receives our CON notifications; after a passive cancel the next one is rejected with RST")
    func notifyOurObserver() async throws {
        let observers = Recorder<CoAPRequestContext>()
        let device = try await Self.device(observers: observers)
        let server = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let observation = try await server.observe(CoAPRequest(.get, path: "/temp"), to: device.localAddress, timeout: .seconds(5))
        #expect(observation.isEstablished)
        let observer = try #require(observers.values.first)
        try await device.notify(CoAPResponse(.content, text: "21"), token: observer.message.token, sequence: 2, to: observer.peer, confirmable: true)
        try await device.notify(CoAPResponse(.content, text: "22"), token: observer.message.token, sequence: 3, to: observer.peer)
        let received = await LibcoapInteropTests.notifications(of: observation, count: 2, within: .seconds(5))
        #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == ["21", "22"])
        await observation.cancel(actively: false)
        await #expect {
            try await device.notify(CoAPResponse(.content, text: "23"), token: observer.message.token, sequence: 4, to: observer.peer, confirmable: true)
        } throws: { ($0 as? CoAPError)?.kind == .reset }
        await server.close()
        await device.close()
    }

    @Test("coap-client -s prints the notifications we send", .enabled(if: ExternalProcess.isInstalled(LibcoapInteropTests.client)))
    func notifyLibcoapObserver() async throws {
        let observers = Recorder<CoAPRequestContext>()
        let device = try await Self.device(observers: observers)
        let client = try ExternalProcess.start(LibcoapInteropTests.client,
                                               ["-s", "4", "-B", "6", "-w", "coap://127.0.0.1:\(device.localAddress.port ?? 0)/temp"])
        defer { client.stop() }
        for _ in 0..<200 where observers.values.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let observer = try #require(observers.values.first)
        for sequence in 2...4 {
            try await device.notify(CoAPResponse(.content, text: "value-\(sequence)"), token: observer.message.token,
                                    sequence: UInt32(sequence), to: observer.peer, confirmable: sequence % 2 == 0)
        }
        for _ in 0..<300 where !client.stdoutSoFar.contains("value-4") { try await Task.sleep(for: .milliseconds(10)) }
        let output = client.stop().stdout
        #expect(output.contains("value-2") && output.contains("value-3") && output.contains("value-4"), "coap-client printed: \(output)")
        await device.close()
    }
}
