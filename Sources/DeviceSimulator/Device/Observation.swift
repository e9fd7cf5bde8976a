import CoAP
import Foundation
import LwM2M
import NIOCore

/// Identifies an observation: the observer's address and its token (RFC 7641 §3.1).
struct ObservationKey: Hashable, Sendable {
    var peer: SocketAddress
    var token: CoAPToken
}

/// One observer of one path, with what it was last sent.
struct Observation: Sendable {
    var path: LwM2MPath
    var format: ContentFormat
    var lastNodes: LwM2MNodes
    var lastSent: Date
    var sequence: UInt32
}
