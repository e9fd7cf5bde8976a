import CGnuTLSShim
import CoAP
import NIOCore

/// A GnuTLS DTLS client driven by hand through the shim's in-memory transport.
final class RawGnuTLSClient {
    let session: OpaquePointer
    private let transport: UnsafeMutablePointer<cgnutls_transport>
    private let credentials: OpaquePointer
    private let priority: OpaquePointer

    struct Step {
        var code: Int32
        var datagrams: [ByteBuffer]
    }

    init(identity: String, key: [UInt8]) throws {
        guard let transport = cgnutls_transport_new() else { throw DTLSError("no transport") }
        var credentials: OpaquePointer?
        let id = Array(identity.utf8)
        _ = cgnutls_psk_client_credentials_new(&credentials, id, id.count, key, key.count)
        var priority: OpaquePointer?
        _ = gnutls_priority_init(&priority, DTLSConfiguration.defaultPriority, nil)
        var session: OpaquePointer?
        if let credentials, let priority {
            _ = cgnutls_dtls_session_new(&session, 0, priority, GNUTLS_CRD_PSK, UnsafeMutableRawPointer(credentials), transport, 1280, 1000, 30000)
        }
        guard let credentials, let priority, let session else { throw DTLSError("cannot set up the raw client") }
        self.transport = transport
        self.credentials = credentials
        self.priority = priority
        self.session = session
    }

    deinit {
        gnutls_deinit(session)
        gnutls_priority_deinit(priority)
        gnutls_psk_free_client_credentials(credentials)
        cgnutls_transport_free(transport)
    }

    /// Runs the handshake against `server` (datagrams carried by hand); GnuTLS's last code.
    func handshake(with server: DTLSServer, from address: SocketAddress, now: NIODeadline) -> Int32 {
        var toServer = step { gnutls_handshake($0) }.datagrams
        var code = Int32(GNUTLS_E_AGAIN)
        for _ in 0..<10 where code != GNUTLS_E_SUCCESS {
            var toClient: [ByteBuffer] = []
            for datagram in toServer { toClient += server.inbound(datagram, from: address, now: now).datagrams.map(\.data) }
            toServer = []
            for datagram in toClient {
                let result = step(input: datagram) { gnutls_handshake($0) }
                code = result.code
                toServer += result.datagrams
            }
        }
        return code
    }

    /// Lends `input` (if any) to GnuTLS, runs `call`, and returns its code and the datagrams sent.
    func step(input: ByteBuffer? = nil, _ call: (OpaquePointer) -> Int32) -> Step {
        var code: Int32 = 0
        if let input {
            input.withUnsafeReadableBytes { bytes in
                cgnutls_transport_set_input(transport, bytes.baseAddress, bytes.count)
                code = call(session)
                cgnutls_transport_clear_input(transport)
            }
        } else {
            code = call(session)
        }
        var datagrams: [ByteBuffer] = []
        var offset = 0
        var data: UnsafePointer<UInt8>?
        while true {
            let length = cgnutls_transport_next_output(transport, &offset, &data)
            guard length > 0, let data else { break }
            datagrams.append(ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: length)))
        }
        cgnutls_transport_clear_output(transport)
        return Step(code: code, datagrams: datagrams)
    }
}
