/// One response line on the control socket. Exactly one payload field is set: `error`, a call's
/// result (`status`, `operations`, `operation`, `plan`, `registration` or `registered: false` for a
/// device that is not registered, `reloaded`), `subscribed` (the acknowledgement of a
/// subscription, sent before its first event) or `event`. `id` is the request's, or absent when
/// the line it answers could not be read at all.
struct ControlResponse: Codable, Sendable, Equatable {
    var id: Int64?
    var error: EngineError?
    var status: EngineStatus?
    var operations: [OperationSnapshot]?
    var operation: OperationSnapshot?
    var plan: [String]?
    var subscribed: Bool?
    var event: EngineEvent?
    /// The answer to `registration` when the device is registered.
    var registration: RegistrationInfo?
    /// `false` in the answer to `registration` when the device is not registered (JSON has no
    /// way to tell an absent optional from a null one once encoded compactly).
    var registered: Bool?
    /// `true` in the answer to `reloadKeys` once the engine has re-read its keys.
    var reloaded: Bool?

    /// An error line.
    static func failure(_ id: Int64?, _ message: String) -> ControlResponse {
        ControlResponse(id: id, error: EngineError(message))
    }
}
