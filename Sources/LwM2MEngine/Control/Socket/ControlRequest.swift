/// One request line on the control socket: `{"id":7,"method":"submit","device":{…},"text":"read /3/0/0"}`.
/// The fields a method does not use are absent. See docs/control-socket.md for the protocol.
struct ControlRequest: Codable, Sendable, Equatable {
    /// What the client asks for.
    enum Method: String, Codable, Sendable, CaseIterable {
        case status, submit, cancel, operations, bootstrapPlan, registration, reloadKeys, subscribe
    }

    /// Chosen by the client; echoed on every response line to this request.
    var id: Int64
    /// The `EngineControl` call.
    var method: Method
    /// The device (submit, operations, bootstrapPlan, registration).
    var device: DeviceRef?
    /// The shell text (submit).
    var text: String?
    /// The operation (cancel).
    var operation: Int64?
    /// How many operations at most (operations).
    var limit: Int?
}

/// The parts of a request line read before the whole line is understood, so an error can still
/// carry the request's ID.
struct ControlRequestHead: Decodable {
    var id: Int64?
    var method: String?
}
