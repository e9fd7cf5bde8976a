/// Why the queue refused a request.
public struct OperationQueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A message for the operator.
    public let message: String
    public var description: String { message }

    static func full(limit: Int) -> OperationQueueError {
        OperationQueueError(message: "the device's operation queue is full (\(limit) operations); wait for some to finish or cancel pending ones")
    }
    static func notFound(_ id: OperationID) -> OperationQueueError {
        OperationQueueError(message: "operation \(id) is not in this device's queue")
    }
    static func notPending(_ id: OperationID, _ status: OperationStatus) -> OperationQueueError {
        OperationQueueError(message: "operation \(id) is \(status.rawValue); only PENDING operations can be cancelled")
    }
}
