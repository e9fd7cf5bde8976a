import CoAP
import Foundation
import NIOCore

/// A simulated device's PULL: GET the Package URI block-wise (RFC 7959 Block2, 512-byte blocks
/// asked for up front) through the device's own endpoint, so a PSK device uses its DTLS session
/// with the server that serves the image.
enum FirmwareDownloader {
    /// Downloads `uri`; the device's endpoint reaches its server (and, for plain CoAP, any host).
    static func download(
        _ uri: String, endpoint: CoAPEndpoint?, server: SocketAddress?, timeout: TimeAmount
    ) async -> Result<[UInt8], DownloadError> {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            return .failure(DownloadError(invalidURI: true, message: "'\(uri)' is not a URI"))
        }
        let secure = scheme == "coaps"
        let port = components.port ?? (secure ? 5684 : 5683)
        let peer: SocketAddress
        do { peer = try SocketAddress.makeAddressResolvingHost(host, port: port) } catch {
            return .failure(DownloadError(invalidURI: true, message: "cannot resolve \(host): \(error)"))
        }
        guard let endpoint else { return .failure(DownloadError(invalidURI: false, message: "not connected")) }
        // The DTLS session exists only with the server the device registered to.
        if secure, peer != server {
            return .failure(DownloadError(invalidURI: true, message: "coaps download only from the registered server (\(server?.description ?? "none"))"))
        }
        var options = CoAPOptions()
        options.uriPath = components.percentEncodedPath.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        if let query = components.percentEncodedQuery, !query.isEmpty {
            options.uriQuery = query.split(separator: "&").map { $0.removingPercentEncoding ?? String($0) }
        }
        options.block2 = CoAPBlock(number: 0, more: false, szx: CoAPBlock.szx(forSize: 512))
        do {
            let response = try await endpoint.send(CoAPRequest(.get, options: options), to: peer, timeout: timeout)
            guard response.code == .content else {
                return .failure(DownloadError(invalidURI: response.code == .notFound, message: "the server answered \(response.code)"))
            }
            return .success(response.payload)
        } catch {
            return .failure(DownloadError(invalidURI: false, message: "\(error)"))
        }
    }
}
