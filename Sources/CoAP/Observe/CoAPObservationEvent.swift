/// What an observation delivers: notifications in order, then one `ended`.
public enum CoAPObservationEvent: Sendable {
    /// A notification newer than the previous one (stale or duplicate ones are dropped).
    case notification(CoAPResponse)
    /// The observation is over: cancelled, ended by the server, or lost (peer closed, endpoint closed).
    case ended(CoAPError)
}
