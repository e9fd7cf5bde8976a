public import Foundation

/// One entry in the Operations history.
public struct OperationRow: Sendable, Equatable, Hashable {
    /// When the operation was submitted.
    public var submittedAt: Date
    /// The request as typed ("read /3/0/0").
    public var request: String
    /// PENDING, EXECUTING, DONE, TIMEOUT, FAILED.
    public var state: String
    /// Result summary ("2.05 Content").
    public var result: String
    /// The engine's operation ID, so a live change replaces its row (nil when unknown).
    public var id: String?

    /// Creates a row.
    public init(submittedAt: Date, request: String, state: String, result: String, id: String? = nil) {
        self.submittedAt = submittedAt
        self.request = request
        self.state = state
        self.result = result
        self.id = id
    }
}
