/// One response line on the control socket. Exactly one payload field is set: `error`, a call's
/// result (`status`, `operations`, `operation`, `plan`), `subscribed` (the acknowledgement of a
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

    /// An error line.
    static func failure(_ id: Int64?, _ message: String) -> ControlResponse {
        ControlResponse(id: id, error: EngineError(message))
    }
}
