import Testing
@testable import LwM2MEngine

@Suite("Registration table")
struct RegistrationTableTests {
    let t0 = ContinuousClock.now

    func params(_ q: [String]) throws -> RegistrationParameters { try RegistrationParameters(query: q) }

    @Test("re-registration replaces the previous registration with a new ID")
    func reRegistrationReplaces() throws {
        var table = RegistrationTable<String>(grace: .seconds(10), runPrefix: "t")
        let first = table.register(endpoint: "dev", parameters: try params(["ep=dev", "lt=60"]), address: "a:1", pskIdentity: nil, objectLinks: "</3/0>", now: t0)
        let second = table.register(endpoint: "dev", parameters: try params(["ep=dev", "lt=60"]), address: "a:2", pskIdentity: nil, objectLinks: "</3/0>", now: t0)
        #expect(second.replaced?.id == first.registration.id)
        #expect(second.registration.id != first.registration.id)
        #expect(table.count == 1)
        #expect(table.registration(id: first.registration.id) == nil)
        #expect(table.registration(endpoint: "dev")?.address == "a:2")
    }

    @Test("expiry at lifetime + grace; an Update pushes it back")
    func expiry() throws {
        var table = RegistrationTable<String>(grace: .seconds(10), runPrefix: "t")
        let reg = table.register(endpoint: "dev", parameters: try params(["ep=dev", "lt=60"]), address: "a", pskIdentity: nil, objectLinks: "", now: t0).registration
        #expect(table.expire(now: t0 + .seconds(69)).isEmpty)
        let updated = table.update(id: reg.id, parameters: try params([]), address: "b", objectLinks: nil, now: t0 + .seconds(50))
        #expect(updated?.address == "b")
        #expect(table.expire(now: t0 + .seconds(119)).isEmpty)
        #expect(table.expire(now: t0 + .seconds(120)).map(\.endpoint) == ["dev"])
        #expect(table.count == 0)
    }

    @Test("Update and De-register of an unknown ID return nil (4.04)")
    func unknownID() throws {
        var table = RegistrationTable<String>(runPrefix: "t")
        #expect(table.update(id: "nope", parameters: try params([]), address: "a", objectLinks: nil, now: t0) == nil)
        #expect(table.deregister(id: "nope") == nil)
    }
}
