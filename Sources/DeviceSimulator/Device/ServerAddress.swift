import Foundation

/// A `coap://host:port` or `coaps://host:port` server URI, split up.
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host name or IP address.
    public var host: String
    /// The UDP port (5683 or 5684 when the URI gives none).
    public var port: Int
    /// True for `coaps` (DTLS).
    public var isSecure: Bool

    /// Parses a server URI; throws naming the URI when it is not `coap[s]://host[:port]`.
    public init(uri: String) throws(SimulatorError) {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
              scheme == "coap" || scheme == "coaps", let host = components.host, !host.isEmpty else {
            throw SimulatorError("'\(uri)' is not a server URI like coap://127.0.0.1:5683 or coaps://host:5684")
        }
        isSecure = scheme == "coaps"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (isSecure ? 5684 : 5683)
        guard (1...65535).contains(port) else { throw SimulatorError("'\(uri)': port \(port) is out of range") }
    }

    public var description: String { "\(isSecure ? "coaps" : "coap")://\(host):\(port)" }
}
