import CGnuTLSShim
import NIOCore

/// Holds the PSK lookup closure where the C callback can reach it through an opaque pointer.
final class PSKLookupBox {
    let lookup: PSKKeyLookup
    /// Set when a lookup found no key, so a failing handshake can say "unknown identity".
    var missed = false

    init(_ lookup: @escaping PSKKeyLookup) {
        self.lookup = lookup
    }
}

/// The machinery shared by the DTLS server and client: per-peer GnuTLS sessions fed through one
/// in-memory transport, handshake timers, idle expiry and the limits.
///
/// Every method runs on the owner's event loop, one at a time; GnuTLS is only ever called from
/// inside these methods, so the single shared transport (one input slot, one output list) is
/// never used by two sessions at once.
final class DTLSSessionTable {
    /// Which side of the handshake this table plays, with its GnuTLS credentials.
    enum Role {
        case server(credentials: OpaquePointer, cookies: DTLSCookieKeys, lookup: PSKLookupBox)
        case client(credentials: OpaquePointer, identity: String)
    }

    let configuration: DTLSConfiguration
    private let role: Role
    private let transport: UnsafeMutablePointer<cgnutls_transport>
    private let priority: OpaquePointer
    private(set) var sessions: [SocketAddress: DTLSSession] = [:]
    /// The subset of `sessions` still handshaking (bounded by `maxHandshakes`).
    private var handshaking: [SocketAddress: DTLSSession] = [:]
    private var nextSweep: NIODeadline?
    private let allocator = ByteBufferAllocator()
    var statistics = DTLSStatistics()

    private var isServer: Bool {
        if case .server = role { return true }
        return false
    }

    /// Creates a server table: PSK credentials answered by `lookup`.
    convenience init(serverConfiguration configuration: DTLSConfiguration, lookup: @escaping PSKKeyLookup) throws(DTLSError) {
        var credentials: OpaquePointer?
        let rc = cgnutls_psk_server_credentials_new(&credentials, configuration.identityHint)
        guard rc == GNUTLS_E_SUCCESS, let credentials else {
            throw DTLSError("cannot create PSK server credentials: \(Self.describe(rc))")
        }
        let cookies: DTLSCookieKeys
        do {
            cookies = try DTLSCookieKeys(lifetime: configuration.cookieKeyLifetime)
        } catch {
            gnutls_psk_free_server_credentials(credentials)
            throw error
        }
        let role = Role.server(credentials: credentials, cookies: cookies, lookup: PSKLookupBox(lookup))
        try self.init(configuration: configuration, role: role)
    }

    /// Creates a client table presenting `identity` and `key`.
    convenience init(clientConfiguration configuration: DTLSConfiguration, identity: String, key: [UInt8]) throws(DTLSError) {
        guard !identity.isEmpty, !key.isEmpty else {
            throw DTLSError("a PSK client needs a non-empty identity and key")
        }
        var credentials: OpaquePointer?
        let identityBytes = Array(identity.utf8)
        let rc = identityBytes.withUnsafeBufferPointer { id in
            key.withUnsafeBufferPointer { k in
                cgnutls_psk_client_credentials_new(&credentials, id.baseAddress, id.count, k.baseAddress, k.count)
            }
        }
        guard rc == GNUTLS_E_SUCCESS, let credentials else {
            throw DTLSError("cannot create PSK client credentials: \(Self.describe(rc))")
        }
        try self.init(configuration: configuration, role: .client(credentials: credentials, identity: identity))
    }

    private init(configuration: DTLSConfiguration, role: Role) throws(DTLSError) {
        self.configuration = configuration
        self.role = role
        var priority: OpaquePointer?
        var errorPosition: UnsafePointer<CChar>?
        let rc = gnutls_priority_init(&priority, configuration.priority, &errorPosition)
        guard rc == GNUTLS_E_SUCCESS, let priority else {
            let at = errorPosition.map { String(cString: $0) } ?? ""
            Self.release(role)
            throw DTLSError("invalid DTLS priority string near \"\(at)\": \(Self.describe(rc))")
        }
        guard configuration.mtu >= 256, configuration.mtu <= 65_535 else {
            gnutls_priority_deinit(priority)
            Self.release(role)
            throw DTLSError("DTLS MTU \(configuration.mtu) is outside 256…65535")
        }
        guard let transport = cgnutls_transport_new() else {
            gnutls_priority_deinit(priority)
            Self.release(role)
            throw DTLSError("out of memory creating the DTLS transport")
        }
        self.priority = priority
        self.transport = transport
        if case .server(_, _, let box) = role {
            transport.pointee.psk_context = Unmanaged.passUnretained(box).toOpaque()
            transport.pointee.psk_lookup = { context, identity, length, key in
                guard let context, let key else { return -1 }
                let box = Unmanaged<PSKLookupBox>.fromOpaque(context).takeUnretainedValue()
                let bytes = UnsafeBufferPointer(start: identity, count: length)
                let name = String(decoding: bytes, as: UTF8.self)
                // Identities that are not UTF-8 cannot be in the store; reject rather than guess.
                guard name.utf8.elementsEqual(bytes), let secret = box.lookup(name), !secret.isEmpty else {
                    box.missed = true
                    return -1
                }
                return secret.withUnsafeBufferPointer { cgnutls_datum_set(key, $0.baseAddress, $0.count) }
            }
        }
    }

    deinit {
        // Sessions reference the credentials and priority, so they go first.
        handshaking.removeAll()
        sessions.removeAll()
        gnutls_priority_deinit(priority)
        Self.release(role)
        cgnutls_transport_free(transport)
    }

    private static func release(_ role: Role) {
        switch role {
        case .server(let credentials, _, _):
            gnutls_psk_free_server_credentials(credentials)
        case .client(let credentials, _):
            gnutls_psk_free_client_credentials(credentials)
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: gnutls_strerror(code))
    }

    // MARK: Entry points

    func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        var out = SecurityOutput()
        let isHello = datagram.withUnsafeReadableBytes { cgnutls_is_client_hello($0.baseAddress, $0.count) == 1 }
        if let session = sessions[peer] {
            if isServer, isHello, !repeatsHello(datagram, of: session) {
                // A ClientHello with a new random: the device restarted (mid-handshake or later).
                // It goes through the cookie exchange before it may replace the session.
                acceptClientHello(datagram, from: peer, now: now, into: &out)
            } else {
                drive(session, datagram, now: now, into: &out)
            }
        } else if isServer, isHello {
            acceptClientHello(datagram, from: peer, now: now, into: &out)
        } else {
            statistics.datagramsDropped += 1
        }
        return out
    }

    func outbound(_ message: ByteBuffer, to peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        var out = SecurityOutput()
        if let session = sessions[peer] {
            if session.isEstablished {
                send(message, on: session, now: now, into: &out)
            } else if !isServer, session.pending.count < configuration.maxQueuedMessages {
                session.pending.append(message)
            } else {
                statistics.messagesDropped += 1
            }
            return out
        }
        guard !isServer else {
            // A server cannot open a DTLS session; the CoAP layer sees the exchange time out.
            statistics.messagesDropped += 1
            return out
        }
        guard let session = startSession(for: peer, now: now, into: &out) else {
            statistics.messagesDropped += 1
            return out
        }
        session.pending.append(message)
        drive(session, nil, now: now, into: &out)
        return out
    }

    func tick(now: NIODeadline) -> SecurityOutput {
        var out = SecurityOutput()
        let due = handshaking.values.filter { $0.retransmitAt <= now }
        for session in due where sessions[session.peer] === session {
            if now >= session.startedAt + configuration.handshakeTimeout {
                statistics.handshakesFailed += 1
                remove(session, into: &out)
            } else {
                drive(session, nil, now: now, into: &out)
            }
        }
        if let sweep = nextSweep, sweep <= now {
            expireIdle(now: now, into: &out)
        }
        return out
    }

    func nextDeadline() -> NIODeadline? {
        var earliest = nextSweep
        for session in handshaking.values where earliest.map({ session.retransmitAt < $0 }) ?? true {
            earliest = session.retransmitAt
        }
        return earliest
    }

    func identity(of peer: SocketAddress) -> String? {
        guard let session = sessions[peer], session.isEstablished else { return nil }
        return session.identity
    }

    func close(_ peer: SocketAddress) -> SecurityOutput {
        var out = SecurityOutput()
        guard let session = sessions[peer] else { return out }
        if session.isEstablished {
            sendCloseNotify(on: session, into: &out)
        }
        remove(session, into: &out)
        return out
    }

    var handshakesInProgress: Int { handshaking.count }

    // MARK: Server: cookie exchange and admission

    /// Answers a ClientHello without a valid cookie statelessly; admits one with a valid cookie.
    private func acceptClientHello(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline, into out: inout SecurityOutput) {
        guard case .server(_, let cookies, _) = role else { return }
        cookies.rotateIfDue(now: now)
        var prestate = gnutls_dtls_prestate_st()
        let verified = datagram.withUnsafeReadableBytes { message in
            peer.withSockAddr { address, length in
                cookies.verify(message, from: address, length: length, prestate: &prestate)
            }
        }
        guard verified else {
            let sent = peer.withSockAddr { address, length in
                cookies.sendCookie(to: address, length: length, transport: transport)
            }
            if sent { statistics.cookiesSent += 1 }
            collectOutput(to: peer, into: &out)
            return
        }
        if let old = sessions[peer] {
            statistics.sessionsReplaced += 1
            remove(old, into: &out)
        }
        guard let session = startSession(for: peer, now: now, into: &out), let handle = session.handle else { return }
        gnutls_dtls_prestate_set(handle, &prestate)
        drive(session, datagram, now: now, into: &out)
    }

    /// True when `datagram` is a ClientHello carrying the same random as the one that opened
    /// `session` (a late duplicate, not a new connection).
    private func repeatsHello(_ datagram: ByteBuffer, of session: DTLSSession) -> Bool {
        let randomOffset = 13 + 12 + 2
        guard datagram.readableBytes >= randomOffset + 32 else { return false }
        guard let handle = session.handle else {
            // A compact session kept the client random.
            return withUnsafeBytes(of: session.record.client_random) { random in
                datagram.withUnsafeReadableBytes { $0[randomOffset..<randomOffset + 32].elementsEqual(random) }
            }
        }
        var client = gnutls_datum_t()
        var server = gnutls_datum_t()
        gnutls_session_get_random(handle, &client, &server)
        guard client.size == 32, let data = client.data else { return false }
        return datagram.withUnsafeReadableBytes { bytes in
            bytes[randomOffset..<randomOffset + 32].elementsEqual(UnsafeBufferPointer(start: data, count: 32))
        }
    }

    /// Creates a session for `peer`, making room among handshakes if needed; nil when refused.
    private func startSession(for peer: SocketAddress, now: NIODeadline, into out: inout SecurityOutput) -> DTLSSession? {
        guard sessions.count < configuration.maxSessions else {
            statistics.sessionsRefused += 1
            return nil
        }
        if handshaking.count >= configuration.maxHandshakes, let oldest = handshaking.values.min(by: { $0.startedAt < $1.startedAt }) {
            // Half-open handshakes cannot lock out new peers: the oldest gives way.
            statistics.handshakesEvicted += 1
            remove(oldest, into: &out)
        }
        var handle: OpaquePointer?
        let credentials: OpaquePointer
        switch role {
        case .server(let c, _, _): credentials = c
        case .client(let c, _): credentials = c
        }
        let rc = cgnutls_dtls_session_new(
            &handle, isServer ? 1 : 0, priority, GNUTLS_CRD_PSK, UnsafeMutableRawPointer(credentials), transport,
            UInt32(configuration.mtu), Self.milliseconds(configuration.retransmitTimeout),
            Self.milliseconds(configuration.handshakeTimeout))
        guard rc == GNUTLS_E_SUCCESS, let handle else {
            statistics.handshakesFailed += 1
            return nil
        }
        let session = DTLSSession(peer: peer, handle: handle, now: now)
        sessions[peer] = session
        handshaking[peer] = session
        return session
    }

    private static func milliseconds(_ amount: TimeAmount) -> UInt32 {
        UInt32(clamping: max(amount.nanoseconds / 1_000_000, 1))
    }

    // MARK: Driving GnuTLS

    /// Feeds one datagram (or none, for timers) to a session and collects what it produces.
    private func drive(_ session: DTLSSession, _ datagram: ByteBuffer?, now: NIODeadline, into out: inout SecurityOutput) {
        if session.handle == nil {
            if let datagram {
                datagram.withUnsafeReadableBytes { receiveCompact(on: session, $0, now: now, into: &out) }
            }
        } else if let datagram {
            datagram.withUnsafeReadableBytes { bytes in
                cgnutls_transport_set_input(transport, bytes.baseAddress, bytes.count)
                step(session, now: now, into: &out)
                cgnutls_transport_clear_input(transport)
            }
        } else {
            step(session, now: now, into: &out)
        }
        collectOutput(to: session.peer, into: &out)
    }

    private func step(_ session: DTLSSession, now: NIODeadline, into out: inout SecurityOutput) {
        guard let handle = session.handle else { return }
        if !session.isEstablished {
            if case .server(_, _, let box) = role { box.missed = false }
            let rc = gnutls_handshake(handle)
            if rc == GNUTLS_E_SUCCESS {
                complete(session, now: now, into: &out)
            } else if gnutls_error_is_fatal(rc) != 0 {
                fail(session, rc, into: &out)
                return
            } else {
                let wait = Int64(gnutls_dtls_get_timeout(handle))
                session.retransmitAt = now + .milliseconds(max(wait, 1))
                return
            }
        }
        let readData = receive(on: session, handle: handle, now: now, into: &out)
        // GnuTLS drops its handshake state on the first application record, so from here on
        // only the record layer is needed.
        if readData, isServer, configuration.compactSessions, sessions[session.peer] === session, session.makeCompact() {
            statistics.sessionsCompacted += 1
        }
    }

    private func complete(_ session: DTLSSession, now: NIODeadline, into out: inout SecurityOutput) {
        session.isEstablished = true
        session.lastActivity = now
        handshaking[session.peer] = nil
        statistics.handshakesCompleted += 1
        switch role {
        case .server:
            var identity: UnsafePointer<UInt8>?
            var length = 0
            if let handle = session.handle, cgnutls_psk_server_identity(handle, &identity, &length) == GNUTLS_E_SUCCESS, let identity {
                session.identity = String(decoding: UnsafeBufferPointer(start: identity, count: length), as: UTF8.self)
            }
        case .client(_, let identity):
            session.identity = identity
        }
        if nextSweep == nil {
            nextSweep = now + sweepInterval
        }
        let pending = session.pending
        session.pending = []
        for message in pending {
            send(message, on: session, now: now, into: &out)
        }
    }

    /// Reads every record the current datagram holds through GnuTLS; true when application
    /// data was read and the session is still open.
    private func receive(on session: DTLSSession, handle: OpaquePointer, now: NIODeadline, into out: inout SecurityOutput) -> Bool {
        let discardedBefore = gnutls_record_get_discarded(handle)
        defer {
            let discarded = gnutls_record_get_discarded(handle)
            statistics.recordsDropped += Int(discarded &- discardedBefore)
        }
        // Room for the largest plaintext record; temporary so thousands of clients do not each
        // keep 18 KB around.
        return withUnsafeTemporaryAllocation(byteCount: Self.plaintextCapacity, alignment: 16) { scratch in
            receiveRecords(on: session, handle: handle, scratch: scratch, now: now, into: &out)
        }
    }

    /// The largest plaintext record plus slack.
    private static let plaintextCapacity = 16_384 + 2_048

    private func receiveRecords(on session: DTLSSession, handle: OpaquePointer, scratch: UnsafeMutableRawBufferPointer, now: NIODeadline, into out: inout SecurityOutput) -> Bool {
        var readData = false
        // A datagram holds a bounded number of records; the bound guards against a loop.
        for _ in 0..<64 {
            let rc = gnutls_record_recv(handle, scratch.baseAddress, scratch.count)
            if rc > 0 {
                session.lastActivity = now
                readData = true
                let message = allocator.buffer(bytes: UnsafeRawBufferPointer(rebasing: scratch[0..<rc]))
                out.messages.append(AddressedEnvelope(remoteAddress: session.peer, data: message))
                continue
            }
            if rc == 0 {
                // close_notify from the peer.
                remove(session, into: &out)
                return false
            }
            let code = Int32(truncatingIfNeeded: rc)
            if code == GNUTLS_E_AGAIN || code == GNUTLS_E_INTERRUPTED {
                return readData
            }
            if code == GNUTLS_E_REHANDSHAKE {
                // Renegotiation is not supported; the peer reconnects with a fresh ClientHello.
                _ = gnutls_alert_send(handle, GNUTLS_AL_WARNING, GNUTLS_A_NO_RENEGOTIATION)
                continue
            }
            if gnutls_error_is_fatal(code) == 0 {
                continue  // a warning alert
            }
            fail(session, code, into: &out)
            return false
        }
        return readData
    }

    /// Reads every record of a datagram on a compact session: the same outcomes GnuTLS gives
    /// an established session (data out; close_notify or a fatal alert ends the session;
    /// renegotiation refused with a warning; anything unauthentic or replayed dropped).
    private func receiveCompact(on session: DTLSSession, _ datagram: UnsafeRawBufferPointer, now: NIODeadline, into out: inout SecurityOutput) {
        guard let base = datagram.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        withUnsafeTemporaryAllocation(byteCount: Self.plaintextCapacity, alignment: 16) { scratch in
            guard let plain = scratch.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var offset = 0
            // A datagram holds a bounded number of records; the bound guards against a loop.
            for _ in 0..<64 {
                var type: UInt8 = 0
                var length = 0
                let rc = cgnutls_record_open(&session.record, base, datagram.count, &offset, &type, plain, scratch.count, &length)
                if rc == 0 { return }
                guard rc == 1 else {
                    statistics.recordsDropped += 1
                    if rc == -2 { return }
                    continue
                }
                let content = UnsafeBufferPointer(start: plain, count: length)
                switch type {
                case Self.applicationData where length > 0:
                    // (GnuTLS never returns an empty record either: 0 means close_notify.)
                    session.lastActivity = now
                    let message = allocator.buffer(bytes: UnsafeRawBufferPointer(content))
                    out.messages.append(AddressedEnvelope(remoteAddress: session.peer, data: message))
                case Self.alert where length >= 2 && (content[1] == 0 || content[0] == Self.fatal):
                    // close_notify, or a fatal alert: the peer is gone (nothing is sent back).
                    remove(session, into: &out)
                    return
                case Self.handshake where length >= 1 && content[0] == Self.clientHello:
                    // Renegotiation is not supported; the peer reconnects with a fresh ClientHello.
                    seal(Self.alert, [Self.warning, UInt8(GNUTLS_A_NO_RENEGOTIATION.rawValue)], on: session)
                default:
                    break  // an empty record, a warning alert, a late handshake record or ChangeCipherSpec
                }
            }
        }
    }

    private static let alert: UInt8 = 21
    private static let handshake: UInt8 = 22
    private static let applicationData: UInt8 = 23
    private static let warning: UInt8 = 1
    private static let fatal: UInt8 = 2
    private static let clientHello: UInt8 = 1

    /// Encrypts one record on a compact session into the transport's output.
    @discardableResult
    private func seal(_ type: UInt8, _ bytes: UnsafeRawBufferPointer, on session: DTLSSession) -> Int32 {
        cgnutls_record_seal(&session.record, type, bytes.baseAddress, bytes.count, transport)
    }

    private func seal(_ type: UInt8, _ bytes: [UInt8], on session: DTLSSession) {
        _ = bytes.withUnsafeBytes { seal(type, $0, on: session) }
    }

    /// Sends close_notify on an established session.
    private func sendCloseNotify(on session: DTLSSession, into out: inout SecurityOutput) {
        if let handle = session.handle {
            _ = cgnutls_bye(handle)
        } else {
            seal(Self.alert, [Self.warning, 0], on: session)
        }
        collectOutput(to: session.peer, into: &out)
    }

    private func send(_ message: ByteBuffer, on session: DTLSSession, now: NIODeadline, into out: inout SecurityOutput) {
        guard let handle = session.handle else {
            let rc = message.withUnsafeReadableBytes { seal(Self.applicationData, $0, on: session) }
            if rc < 0 {
                // Too large for one datagram (block-wise is CoAP's job) or out of memory: the
                // message is lost, the session stays, as with GnuTLS.
                statistics.messagesDropped += 1
                return
            }
            session.lastActivity = now
            collectOutput(to: session.peer, into: &out)
            return
        }
        let rc = message.withUnsafeReadableBytes { gnutls_record_send(handle, $0.baseAddress, $0.count) }
        if rc < 0 {
            statistics.messagesDropped += 1
            let code = Int32(truncatingIfNeeded: rc)
            if gnutls_error_is_fatal(code) != 0, code != GNUTLS_E_LARGE_PACKET {
                fail(session, code, into: &out)
            }
            return
        }
        session.lastActivity = now
        collectOutput(to: session.peer, into: &out)
    }

    /// Ends a session after a fatal error, telling the peer why when the error is ours.
    private func fail(_ session: DTLSSession, _ code: Int32, into out: inout SecurityOutput) {
        if !session.isEstablished {
            statistics.handshakesFailed += 1
        }
        if let handle = session.handle {
            if case .server(_, _, let box) = role, box.missed, !session.isEstablished {
                // RFC 4279 §2: an unrecognised identity gets unknown_psk_identity.
                box.missed = false
                _ = gnutls_alert_send(handle, GNUTLS_AL_FATAL, GNUTLS_A_UNKNOWN_PSK_IDENTITY)
            } else if code != GNUTLS_E_FATAL_ALERT_RECEIVED, code != GNUTLS_E_TIMEDOUT {
                _ = gnutls_alert_send_appropriate(handle, code)
            }
        }
        collectOutput(to: session.peer, into: &out)
        remove(session, into: &out)
    }

    private func remove(_ session: DTLSSession, into out: inout SecurityOutput) {
        if !session.pending.isEmpty {
            statistics.messagesDropped += session.pending.count
        }
        sessions[session.peer] = nil
        handshaking[session.peer] = nil
        out.closed.append(session.peer)
    }

    // MARK: Idle expiry

    private var sweepInterval: TimeAmount {
        let quarter = configuration.idleTimeout.nanoseconds / 4
        return .nanoseconds(min(max(quarter, 100_000_000), 60_000_000_000))
    }

    private func expireIdle(now: NIODeadline, into out: inout SecurityOutput) {
        let idle = sessions.values.filter { $0.isEstablished && $0.lastActivity + configuration.idleTimeout <= now }
        for session in idle {
            statistics.sessionsExpired += 1
            sendCloseNotify(on: session, into: &out)
            remove(session, into: &out)
        }
        nextSweep = sessions.count > handshaking.count ? now + sweepInterval : nil
    }

    private func collectOutput(to peer: SocketAddress, into out: inout SecurityOutput) {
        guard transport.pointee.output_length > 0 else { return }
        var offset = 0
        var data: UnsafePointer<UInt8>?
        while true {
            let length = cgnutls_transport_next_output(transport, &offset, &data)
            guard length > 0, let data else { break }
            let buffer = allocator.buffer(bytes: UnsafeRawBufferPointer(start: data, count: length))
            out.datagrams.append(AddressedEnvelope(remoteAddress: peer, data: buffer))
        }
        cgnutls_transport_clear_output(transport)
    }
}
