import Testing
@testable import LwM2MEngine

@Suite("Register/Update query parameters")
struct RegistrationParametersTests {
    @Test("a full 1.1 Register query")
    func fullQuery() throws {
        let p = try RegistrationParameters(query: ["ep=nosec_device", "lt=60", "lwm2m=1.1", "b=U", "Q", "at=5000"])
        #expect(p.endpoint == "nosec_device")
        #expect(p.lifetime == 60)
        #expect(p.version == "1.1")
        #expect(p.binding == "U")
        #expect(p.queueMode)
        #expect(p.awakeTime == 5000)
    }

    @Test("UQ binding (LwM2M 1.0) means queue mode")
    func uqBinding() throws {
        #expect(try RegistrationParameters(query: ["ep=a", "b=UQ"]).queueMode)
        #expect(try !RegistrationParameters(query: ["ep=a", "b=U"]).queueMode)
    }

    @Test("bad values are refused with a message naming the parameter", arguments: [
        (["ep="], "ep= is empty"),
        (["ep=a", "lt=abc"], "lt= must be a positive number of seconds, got 'abc'"),
        (["ep=a", "lt=0"], "lt= must be a positive number of seconds, got '0'"),
        (["ep=a", "b=X"], "b= must be a binding such as U or UQ, got 'X'"),
    ])
    func refused(query: [String], message: String) {
        #expect(throws: RegistrationParameterError(message)) { try RegistrationParameters(query: query) }
    }

    @Test("IDs never repeat and carry the run prefix")
    func idsNeverRepeat() {
        var gen = RegistrationIDGenerator(runPrefix: "r1")
        var seen = Set<String>()
        for _ in 0..<70_000 { seen.insert(gen.makeID()) }
        #expect(seen.count == 70_000, "no wrap at 65,536")
        #expect(seen.contains("r1-1"))
    }
}
