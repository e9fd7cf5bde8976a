import NIOCore

/// A live observation: the token, the ordering state and who to tell.
final class ObservationState {
    let id: UInt64
    /// The registration request, reused (with Observe=1) to cancel actively.
    let request: CoAPMessage
    var lastSequence: UInt32?
    var lastTime: NIODeadline
    let onEvent: (ObservationEvent) -> Void

    init(id: UInt64, request: CoAPMessage, sequence: UInt32?, now: NIODeadline, onEvent: @escaping (ObservationEvent) -> Void) {
        self.id = id
        self.request = request
        self.lastSequence = sequence
        self.lastTime = now
        self.onEvent = onEvent
    }

    /// RFC 7641 §3.4: is `sequence` received at `now` newer than the last one?
    func isFresh(_ sequence: UInt32, now: NIODeadline) -> Bool {
        guard let last = lastSequence else { return true }
        let v1 = last & 0xFF_FFFF
        let v2 = sequence & 0xFF_FFFF
        let window: UInt32 = 1 << 23
        return (v1 < v2 && v2 - v1 < window) || (v1 > v2 && v1 - v2 > window)
            || now > lastTime + .seconds(128)
    }
}
