/// What one client connection may run at once: at most `requests` calls (the read loop waits for
/// a free slot, so a client flooding the socket is slowed by the socket's buffer rather than
/// growing tasks) and at most `subscriptions` event streams (more are refused with an error line;
/// they never end on their own, so waiting for one would stall the connection).
actor ControlSessionLimits {
    /// The default cap on concurrent calls per connection.
    static let defaultRequests = 64
    /// The default cap on subscriptions per connection.
    static let defaultSubscriptions = 16

    private var freeRequests: Int
    private var freeSubscriptions: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(requests: Int = defaultRequests, subscriptions: Int = defaultSubscriptions) {
        freeRequests = requests
        freeSubscriptions = subscriptions
    }

    /// Takes a call slot, waiting for one if all are busy.
    func acquireRequest() async {
        if freeRequests > 0 {
            freeRequests -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a call slot back.
    func releaseRequest() {
        if waiting.isEmpty {
            freeRequests += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Takes a subscription slot; false when the connection has all it may have.
    func startSubscription() -> Bool {
        guard freeSubscriptions > 0 else { return false }
        freeSubscriptions -= 1
        return true
    }

    /// Gives a subscription slot back.
    func endSubscription() {
        freeSubscriptions += 1
    }
}
