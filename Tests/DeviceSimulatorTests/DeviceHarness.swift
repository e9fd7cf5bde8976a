import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import NIOCore

/// A started device registered to a test registrar, and a client endpoint to send it requests.
struct DeviceHarness {
    let device: SimulatedDevice
    let registrar: TestRegistrar
    let client: CoAPEndpoint
    let devicePeer: SocketAddress

    /// Registers a NO_SEC device directly to a fresh registrar, runs `body`, then cleans up.
    static func with<T>(
        _ configure: (inout SimulatedDeviceConfiguration) -> Void = { _ in },
        _ body: (DeviceHarness) async throws -> T
    ) async throws -> T {
        let registrar = try await TestRegistrar.start()
        var configuration = SimulatedDeviceConfiguration(endpoint: "sim-\(UUID().uuidString.prefix(8))", serverURI: registrar.uri)
        configuration.bindHost = "127.0.0.1"
        configuration.requestTimeout = .seconds(5)
        configure(&configuration)
        let device = SimulatedDevice(configuration)
        let client = try await UniquePortBinder.bind(host: "127.0.0.1")
        do {
            try await device.start()
            let port = await device.port ?? 0
            let harness = DeviceHarness(
                device: device, registrar: registrar, client: client,
                devicePeer: try SocketAddress(ipAddress: "127.0.0.1", port: port))
            let result = try await body(harness)
            await cleanUp(device, registrar, client)
            return result
        } catch {
            await cleanUp(device, registrar, client)
            throw error
        }
    }

    private static func cleanUp(_ device: SimulatedDevice, _ registrar: TestRegistrar, _ client: CoAPEndpoint) async {
        await device.stop()
        await client.close()
        await registrar.endpoint.close()
    }

    /// Sends a request to the device.
    func send(_ method: CoAPCode, _ path: String, accept: ContentFormat? = nil, acceptNumber: UInt16? = nil,
              format: ContentFormat? = nil, payload: [UInt8] = [], query: [String] = [], timeout: TimeAmount = .seconds(5)) async throws -> CoAPResponse {
        var request = CoAPRequest(method, path: path, query: query, payload: payload)
        if let number = acceptNumber ?? accept?.rawValue { request.options.accept = number }
        if let format { request.options.contentFormat = format.rawValue }
        return try await client.send(request, to: devicePeer, timeout: timeout)
    }

    /// Reads `path` and decodes the answer with the object model's types.
    func read(_ path: String, accept: ContentFormat? = nil) async throws -> (CoAPResponse, LwM2MNodes?) {
        let response = try await send(.get, path, accept: accept)
        guard response.code == .content, let number = response.options.contentFormat, let format = ContentFormat(rawValue: number) else {
            return (response, nil)
        }
        let nodes = try LwM2MCodec.decode(response.payload, format: format, path: try LwM2MPath(parsing: path), types: ObjectModel.builtIn.typeLookup)
        return (response, nodes)
    }
}

/// Runs a Debian tool with a hard time limit and returns what it printed (stdout + stderr).
func runTool(_ path: String, _ arguments: [String], timeout: Double = 10) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("sim-test-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
    if process.isRunning {
        process.terminate()
        try await Task.sleep(for: .milliseconds(200))
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
    try handle.close()
    return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
}
