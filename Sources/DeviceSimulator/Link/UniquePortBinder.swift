public import CoAP
import Synchronization

/// Binds CoAP endpoints on ephemeral ports that no other endpoint of this process holds.
///
/// `CoAPEndpoint.bind` no longer sets SO_REUSEADDR, so Linux refuses a second bind of a held
/// port (EADDRINUSE, with or without SO_REUSEADDR on the newcomer) and never shares one. This
/// stays as a guard should a socket option ever let two sockets share a port, which would make
/// two devices receive each other's datagrams. Ports handed out here are remembered until
/// `close`, and a port already held is bound again.
public enum UniquePortBinder {
    private static let claimed = Mutex<Set<Int>>([])

    /// Binds on `host` port 0 until the port is not held by another endpoint bound here.
    ///
    /// - Parameter security: makes a fresh security layer for each attempt (nil for plain CoAP).
    public static func bind(
        host: String, routes: CoAPRoutes = CoAPRoutes(), attempts: Int = 32,
        security: () throws -> (any DatagramSecurity)? = { nil }
    ) async throws -> CoAPEndpoint {
        var collided: [CoAPEndpoint] = []
        defer {
            let extra = collided
            if !extra.isEmpty { Task { for endpoint in extra { await endpoint.close() } } }
        }
        for _ in 0..<max(1, attempts) {
            let endpoint = try await CoAPEndpoint.bind(host: host, port: 0, routes: routes, security: try security())
            let port = endpoint.localAddress.port ?? 0
            if claimed.withLock({ $0.insert(port).inserted }) { return endpoint }
            // Keep the colliding socket open while retrying, so the kernel picks another port.
            collided.append(endpoint)
        }
        throw SimulatorError("no UDP port on \(host) that this process does not already use after \(attempts) attempts")
    }

    /// Closes an endpoint bound here and frees its port.
    public static func close(_ endpoint: CoAPEndpoint) async {
        if let port = endpoint.localAddress.port { _ = claimed.withLock { $0.remove(port) } }
        await endpoint.close()
    }
}
