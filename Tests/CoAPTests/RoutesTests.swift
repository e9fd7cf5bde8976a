import Testing
@testable import CoAP

@Suite("Routes by Uri-Path prefix")
struct RoutesTests {
    private func name(_ routes: CoAPRoutes, _ path: [String]) throws -> String? {
        var options = CoAPOptions()
        options.uriPath = path
        guard case .immediate(let handle)? = routes.handler(for: options) else { return nil }
        let response = handle(CoAPRequestContext(peer: try .init(ipAddress: "127.0.0.1", port: 1), identity: nil,
                                                 message: CoAPMessage(type: .confirmable, code: .get, messageID: 1)))
        return String(decoding: response.payload, as: UTF8.self)
    }

    @Test("the longest matching prefix wins, whole segments only; string and option lookups agree")
    func longestPrefix() throws {
        var routes = CoAPRoutes()
        routes.on("/", immediate: { _ in CoAPResponse(.content, text: "root") })
        routes.on("/rd", immediate: { _ in CoAPResponse(.content, text: "rd") })
        routes.on("/rd/special", immediate: { _ in CoAPResponse(.content, text: "special") })
        #expect(try name(routes, ["rd", "abc"]) == "rd")
        #expect(try name(routes, ["rd", "special", "x"]) == "special")
        #expect(try name(routes, ["rdx"]) == "root", "a prefix matches whole segments, not characters")
        #expect(try name(routes, []) == "root")
        var bare = CoAPRoutes()
        bare.on("/bs", immediate: { _ in CoAPResponse(.content, text: "bs") })
        #expect(try name(bare, ["rd"]) == nil)
        #expect(bare.handler(for: ["bs"]) != nil && bare.handler(for: ["rd"]) == nil)
    }
}
