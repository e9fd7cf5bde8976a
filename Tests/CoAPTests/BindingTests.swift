import Testing
@testable import CoAP

@Suite("Binding")
struct BindingTests {
    @Test("a second endpoint cannot bind a port already in use")
    func portInUse() async throws {
        let first = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let port = try #require(first.localAddress.port)
        await #expect(throws: (any Error).self) {
            _ = try await CoAPEndpoint.bind(host: "127.0.0.1", port: port)
        }
        await first.close()
    }
}
