import Foundation

/// One raw UDP socket of the load generator, sending CON GET /bench from many source addresses.
///
/// The socket is bound to 0.0.0.0:P; each request picks its source address 127.x.y.z with an
/// IP_PKTINFO control message, so one socket stands for many peers (127.x.y.z, P) and the
/// answers to all of them come back to it. Loopback owns all of 127/8, so no setup is needed.
final class UDPLoadGenerator: @unchecked Sendable {
    // Unchecked: `run` is the only method that touches mutable state, and the bench calls it on
    // one thread at a time (phases are sequential; `lastStats` is read after the phase's join).

    /// Requests answered and lost in one phase.
    struct Stats {
        var completed = 0
        var lost = 0
        static func + (lhs: Stats, rhs: Stats) -> Stats { Stats(completed: lhs.completed + rhs.completed, lost: lhs.lost + rhs.lost) }
    }

    private let fd: Int32
    private var peerAddresses: [UInt32]  // network byte order
    private var messageIDs: [UInt16]
    private var target = sockaddr_in()
    private let window: Int
    private var nextPeer = 0
    private var token: UInt16 = 0
    private(set) var lastStats = Stats()

    init(index: Int, of count: Int, totalPeers: Int, targetPort: UInt16, window: Int) throws {
        self.window = window
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        guard fd >= 0 else { throw POSIXFailure("socket", errno) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = INADDR_ANY
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXFailure("bind", errno) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = targetPort.bigEndian
        target.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        // Peers index, index + count, …: addresses 127.1.0.0 upward, skipping .0 and .255 hosts.
        peerAddresses = stride(from: index, to: totalPeers, by: count).map { peer in
            let host = UInt32(peer / 254) << 8 | UInt32(peer % 254 + 1)
            return (UInt32(0x7F01_0000) + host).bigEndian
        }
        messageIDs = peerAddresses.indices.map { UInt16(truncatingIfNeeded: $0 &* 7919) }
    }

    deinit { close(fd) }

    /// Runs a closed loop with `window` requests outstanding; until `deadline` (uptime ns), or
    /// with `deadline` nil one request per peer. Stores the result in `lastStats`.
    func run(deadline: UInt64?) {
        var stats = Stats()
        var outstanding = 0
        var sent = 0
        let quota = deadline == nil ? peerAddresses.count : Int.max
        var request: [UInt8] = [0x42, 0x01, 0, 0, 0, 0, 0xB5] + Array("bench".utf8)
        var control = [UInt8](repeating: 0, count: 32)
        var response = [UInt8](repeating: 0, count: 256)
        control.withUnsafeMutableBytes { raw in
            // struct cmsghdr { size_t len; int level; int type; } + struct in_pktinfo (12 bytes).
            raw.storeBytes(of: 28, toByteOffset: 0, as: Int.self)
            raw.storeBytes(of: Int32(IPPROTO_IP), toByteOffset: 8, as: Int32.self)
            raw.storeBytes(of: Int32(IP_PKTINFO), toByteOffset: 12, as: Int32.self)
        }
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        var sending = true
        while true {
            while sending && outstanding < window && sent < quota {
                if let deadline, now() >= deadline { sending = false; break }
                let peer = nextPeer
                nextPeer = nextPeer + 1 == peerAddresses.count ? 0 : nextPeer + 1
                messageIDs[peer] &+= 1
                token &+= 1
                request[2] = UInt8(messageIDs[peer] >> 8)
                request[3] = UInt8(truncatingIfNeeded: messageIDs[peer])
                request[4] = UInt8(token >> 8)
                request[5] = UInt8(truncatingIfNeeded: token)
                let source = peerAddresses[peer]
                control.withUnsafeMutableBytes { $0.storeBytes(of: source, toByteOffset: 20, as: UInt32.self) }
                let result = send(request: &request, control: &control)
                if result < 0 { stats.lost += 1; continue }
                outstanding += 1
                sent += 1
            }
            if sent >= quota { sending = false }
            if outstanding == 0 { break }
            let received = recv(fd, &response, response.count, 0)
            if received < 0 {
                // Nothing for 200 ms: count what is outstanding as lost and move on.
                stats.lost += outstanding
                outstanding = 0
                if !sending { break }
                continue
            }
            outstanding -= 1
            if received >= 4 && response[0] & 0xF0 == 0x60 && response[1] == 0x45 {
                stats.completed += 1
            } else {
                stats.lost += 1
            }
        }
        lastStats = stats
    }

    private func send(request: inout [UInt8], control: inout [UInt8]) -> Int {
        request.withUnsafeMutableBytes { requestBytes in
            control.withUnsafeMutableBytes { controlBytes in
                withUnsafeMutablePointer(to: &target) { targetPointer in
                    var vector = iovec(iov_base: requestBytes.baseAddress, iov_len: requestBytes.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(targetPointer)
                        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBytes.baseAddress
                        header.msg_controllen = controlBytes.count
                        return sendmsg(fd, &header, 0)
                    }
                }
            }
        }
    }
}
