import CoAP
import Foundation
import NIOCore
import Testing

/// The compact record layer against peers nobody here wrote: libcoap's GnuTLS and OpenSSL
/// clients must read the answer our server seals after freeing the GnuTLS session.
@Suite(.serialized) struct DTLSCompactInteropTests {
    @Test(arguments: ["coap-client-gnutls", "coap-client-openssl"])
    func libcoapClientReadsTheAnswerOfACompactSession(tool: String) async throws {
        try await DTLSTestEndpoint.withServer(keys: ["urn:imei:77": Array("compact-77".utf8)]) { server in
            let result = try await DTLSProcess.run(
                "/usr/bin/\(tool)",
                ["-m", "get", "-B", "3", "-u", "urn:imei:77", "-k", "compact-77", "coaps://127.0.0.1:\(server.port)/test"],
                timeout: .seconds(10))
            #expect(!result.timedOut)
            #expect(result.output.contains("dtls-ok urn:imei:77"), "\(tool) said: \(result.output)")
            let statistics = try await server.statistics()
            #expect(statistics.sessionsCompacted == 1, "the answer went out on the compact session")
            #expect(statistics.recordsDropped == 0)
        }
    }
}
