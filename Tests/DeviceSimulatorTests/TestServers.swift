import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import NIOCore
import Synchronization

/// A value shared between a test and its servers' handlers.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }
}

/// Waits (bounded) until `condition` holds; polls every 20 ms.
func eventually(timeout: Double = 10, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

/// A minimal LwM2M registrar: answers Register (2.01 + Location-Path), Update and De-register.
final class TestRegistrar: Sendable {
    struct Registration: Sendable {
        var query: [String]
        var links: String
        var peer: SocketAddress
        var identity: String?
    }

    struct Log: Sendable {
        var registrations: [Registration] = []
        var updates: [String] = []
        var deregistrations: [String] = []
    }

    let endpoint: CoAPEndpoint
    let log: Shared<Log>

    private init(endpoint: CoAPEndpoint, log: Shared<Log>) {
        self.endpoint = endpoint
        self.log = log
    }

    static func start(pskKeys: [String: [UInt8]]? = nil) async throws -> TestRegistrar {
        let log = Shared(Log())
        var routes = CoAPRoutes()
        routes.on("/rd", immediate: { context in
            switch (context.method, context.path.count) {
            case (.post, 1):
                var number = 0
                log.update {
                    $0.registrations.append(Registration(
                        query: context.query, links: String(decoding: context.payload, as: UTF8.self),
                        peer: context.peer, identity: context.identity))
                    number = $0.registrations.count
                }
                var response = CoAPResponse(.created)
                response.options.locationPath = ["rd", "r\(number)"]
                return response
            case (.post, 2):
                log.update { $0.updates.append(context.path[1]) }
                return CoAPResponse(.changed)
            case (.delete, 2):
                log.update { $0.deregistrations.append(context.path[1]) }
                return CoAPResponse(.deleted)
            default:
                return CoAPResponse(.badRequest)
            }
        })
        let endpoint: CoAPEndpoint
        if let pskKeys {
            endpoint = try await UniquePortBinder.bind(host: "127.0.0.1", routes: routes) { try DTLSServer { pskKeys[$0] } }
        } else {
            endpoint = try await UniquePortBinder.bind(host: "127.0.0.1", routes: routes)
        }
        return TestRegistrar(endpoint: endpoint, log: log)
    }

    var uri: String { "coap://127.0.0.1:\(endpoint.localAddress.port ?? 0)" }
    var secureURI: String { "coaps://127.0.0.1:\(endpoint.localAddress.port ?? 0)" }
}

/// A minimal bootstrap server: on a Bootstrap-Request it deletes /0 and /1, writes one Security
/// and one Server instance in the chosen format, and sends Bootstrap-Finish.
final class TestBootstrapServer: Sendable {
    struct Log: Sendable {
        var requests: [[String]] = []
        /// "METHOD path -> code" for every step.
        var steps: [String] = []
        var finished = false
    }

    let endpoint: CoAPEndpoint
    let log: Shared<Log>

    private init(endpoint: CoAPEndpoint, log: Shared<Log>) {
        self.endpoint = endpoint
        self.log = log
    }

    /// - Parameters:
    ///   - serverURI: the LwM2M server the device is sent to.
    ///   - psk: identity and key written for a `coaps` server (security mode 0), else NO_SEC (3).
    static func start(serverURI: String, psk: (String, [UInt8])? = nil, format: ContentFormat = .tlv) async throws -> TestBootstrapServer {
        let log = Shared(Log())
        let holder = Shared<CoAPEndpoint?>(nil)
        var routes = CoAPRoutes()
        routes.on("/bs", immediate: { context in
            log.update { $0.requests.append(context.query) }
            let peer = context.peer
            Task {
                guard let endpoint = holder.value else { return }
                await runSequence(endpoint: endpoint, peer: peer, serverURI: serverURI, psk: psk, format: format, log: log)
            }
            return CoAPResponse(.changed)
        })
        let endpoint = try await UniquePortBinder.bind(host: "127.0.0.1", routes: routes)
        holder.update { $0 = endpoint }
        return TestBootstrapServer(endpoint: endpoint, log: log)
    }

    var uri: String { "coap://127.0.0.1:\(endpoint.localAddress.port ?? 0)" }

    private static func runSequence(
        endpoint: CoAPEndpoint, peer: SocketAddress, serverURI: String, psk: (String, [UInt8])?, format: ContentFormat, log: Shared<Log>
    ) async {
        func step(_ request: CoAPRequest, _ name: String) async -> Bool {
            let code = (try? await endpoint.send(request, to: peer, timeout: .seconds(5)))?.code
            log.update { $0.steps.append("\(name) -> \(code.map { "\($0)" } ?? "timeout")") }
            return code?.isSuccess == true
        }
        let security = LwM2MNodes([
            LwM2MPath(object: 0, instance: 1, resource: 0): .string(serverURI),
            LwM2MPath(object: 0, instance: 1, resource: 1): .boolean(false),
            LwM2MPath(object: 0, instance: 1, resource: 2): .integer(psk == nil ? 3 : 0),
            LwM2MPath(object: 0, instance: 1, resource: 3): .opaque(Array((psk?.0 ?? "").utf8)),
            LwM2MPath(object: 0, instance: 1, resource: 5): .opaque(psk?.1 ?? []),
            LwM2MPath(object: 0, instance: 1, resource: 10): .integer(101),
        ])
        let server = LwM2MNodes([
            LwM2MPath(object: 1, instance: 0, resource: 0): .integer(101),
            LwM2MPath(object: 1, instance: 0, resource: 1): .integer(60),
            LwM2MPath(object: 1, instance: 0, resource: 6): .boolean(false),
            LwM2MPath(object: 1, instance: 0, resource: 7): .string("U"),
        ])
        func write(_ nodes: LwM2MNodes, _ path: LwM2MPath) -> CoAPRequest? {
            guard let payload = try? LwM2MCodec.encode(nodes, format: format, path: path) else { return nil }
            var request = CoAPRequest(.put, path: path.description, payload: payload)
            request.options.contentFormat = format.rawValue
            return request
        }
        guard let writeSecurity = write(security, LwM2MPath(object: 0, instance: 1)),
              let writeServer = write(server, LwM2MPath(object: 1, instance: 0)),
              await step(CoAPRequest(.delete, path: "/0"), "DELETE /0"),
              await step(CoAPRequest(.delete, path: "/1"), "DELETE /1"),
              await step(writeSecurity, "PUT /0/1"),
              await step(writeServer, "PUT /1/0"),
              await step(CoAPRequest(.post, path: "/bs"), "POST /bs")
        else { return }
        log.update { $0.finished = true }
    }
}
