/// What an observation reports to its owner.
enum ObservationEvent: Sendable {
    /// A fresh notification (stale ones are dropped before this).
    case notification(CoAPMessage)
    /// The observation ended; no more events follow.
    case ended(CoAPError)
}
