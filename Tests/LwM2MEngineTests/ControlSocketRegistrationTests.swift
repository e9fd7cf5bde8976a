import Foundation
import Testing
@testable import LwM2MEngine

/// `registration` and `reloadKeys` on the wire, against the stand-in engine: arguments, the
/// registered / not registered / error answers, and the error lines for bad requests.
@Suite("Control socket: registration and reloadKeys (stand-in engine)", .timeLimit(.minutes(1)))
struct ControlSocketRegistrationTests {
    let device = DeviceRef(tenant: "t-default", id: "d1")

    @Test("registration round-trips every field; a device that is not registered is nil, not an error")
    func registrationRoundTrips() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let client = try await ControlClient.connect(socketPath: server.socketPath)

        let registered = try await client.registration(device)
        #expect(registered == ControlSocketTestEngine.registration)
        let other = DeviceRef(tenant: "t-default", id: "asleep")
        #expect(try await client.registration(other) == nil)
        await #expect(throws: EngineError(ControlSocketTestEngine.missingMessage)) {
            try await client.registration(ControlSocketTestEngine.missing)
        }
        #expect(await engine.calls == [.registration(device), .registration(other), .registration(ControlSocketTestEngine.missing)])
        await client.close()
        await server.stop()
    }

    @Test("reloadKeys reaches the engine; its failure comes back with the engine's message")
    func reloadKeysRoundTrips() async throws {
        let directory = try ControlSocketTempDirectory()
        let engine = ControlSocketTestEngine()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: engine)
        let client = try await ControlClient.connect(socketPath: server.socketPath)

        try await client.reloadKeys()
        await engine.setFailReload(true)
        await #expect(throws: EngineError(ControlSocketTestEngine.reloadFailure)) { try await client.reloadKeys() }
        #expect(await engine.calls == [.reloadKeys, .reloadKeys])
        await client.close()
        await server.stop()
    }

    @Test("the wire form: registration answers carry `registration` or `registered:false`; bad requests get error lines")
    func wireForm() async throws {
        let directory = try ControlSocketTempDirectory()
        let server = try await ControlServer.start(dataDirectory: directory.path, engine: ControlSocketTestEngine())
        let raw = try ControlSocketRawClient(path: server.socketPath)

        raw.send(#"{"id":1,"method":"registration"}"# + "\n")
        #expect(await raw.readLine() == #"{"error":{"message":"registration needs \"device\""},"id":1}"#)
        raw.send(#"{"id":2,"method":"registration","device":{"tenant":"t-default"}}"# + "\n")
        #expect(await raw.readLine() == #"{"error":{"message":"bad request line: missing field device.id"},"id":2}"#)
        raw.send(#"{"id":3,"method":"registration","device":{"tenant":"t-default","id":"asleep"}}"# + "\n")
        #expect(await raw.readLine() == #"{"id":3,"registered":false}"#)
        raw.send(#"{"id":4,"method":"registration","device":{"tenant":"t-default","id":"d1"}}"# + "\n")
        let answer = try #require(await raw.readLine())
        #expect(answer.hasPrefix(#"{"id":4,"registration":{"address":"coap://127.0.0.1:56830","binding":"UQ","endpoint":"d1-endpoint","#))
        #expect(answer.contains(#""registeredAt":"2026-09-21T"#) && answer.contains(#""queueMode":true"#))
        raw.send(#"{"id":5,"method":"reloadKeys"}"# + "\n")
        #expect(await raw.readLine() == #"{"id":5,"reloaded":true}"#)
        raw.send(#"{"id":6,"method":"reload"}"# + "\n")
        let unknown = try #require(await raw.readLine())
        #expect(unknown.contains("unknown method \\\"reload\\\" (known: status, submit, cancel, operations, bootstrapPlan, registration, reloadKeys, subscribe)"))
        await server.stop()
    }
}
