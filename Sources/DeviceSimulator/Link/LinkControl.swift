import CoAP
import NIOCore
import Synchronization

/// Switches shared between a device and its socket's event loop: whether the radio is off
/// (queue mode), whether requests are dropped, and the notifications waiting to go out.
public final class LinkControl: Sendable {
    private struct State {
        var asleep = false
        var dropRequests = false
        var outbox: [(peer: SocketAddress, message: CoAPMessage)] = []
        /// Notification message IDs we sent, so a RST (passive cancel) finds its observation.
        var sentNotifications: [UInt16: (peer: SocketAddress, token: CoAPToken)] = [:]
        var sentOrder: [UInt16] = []
        var nextMessageID: UInt16
        var observing = false
    }

    private let state: Mutex<State>

    /// Creates the switches; notification message IDs start at a random value so they rarely
    /// meet the IDs the CoAP layer picks for the same peer.
    public init() {
        state = Mutex(State(nextMessageID: UInt16.random(in: 0...UInt16.max)))
    }

    /// True while the device sleeps (queue mode): nothing is heard.
    public var isAsleep: Bool {
        get { state.withLock { $0.asleep } }
        set { state.withLock { $0.asleep = newValue } }
    }

    /// True while incoming requests are dropped unanswered (for timeout tests).
    public var dropsRequests: Bool {
        get { state.withLock { $0.dropRequests } }
        set { state.withLock { $0.dropRequests = newValue } }
    }

    /// True while the device has observers, so the loop polls the outbox.
    var hasObservers: Bool {
        get { state.withLock { $0.observing } }
        set { state.withLock { $0.observing = newValue } }
    }

    /// Queues a notification (a NON 2.05 with the observation's token) for `peer`.
    func enqueueNotification(_ message: CoAPMessage, to peer: SocketAddress) {
        state.withLock { state in
            var message = message
            message.messageID = state.nextMessageID
            state.nextMessageID &+= 1
            state.outbox.append((peer, message))
            state.sentNotifications[message.messageID] = (peer, message.token)
            state.sentOrder.append(message.messageID)
            if state.sentOrder.count > 256 {
                let oldest = state.sentOrder.removeFirst()
                state.sentNotifications[oldest] = nil
            }
        }
    }

    /// Takes every queued notification.
    func takeOutbox() -> [(peer: SocketAddress, message: CoAPMessage)] {
        state.withLock { state in
            defer { state.outbox.removeAll() }
            return state.outbox
        }
    }

    /// The observation token a notification with `messageID` to `peer` carried, if we sent one.
    func notificationToken(messageID: UInt16, peer: SocketAddress) -> CoAPToken? {
        state.withLock { state in
            guard let sent = state.sentNotifications[messageID], sent.peer == peer else { return nil }
            return sent.token
        }
    }
}
