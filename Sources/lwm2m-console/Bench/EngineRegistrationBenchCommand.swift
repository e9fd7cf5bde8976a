import ArgumentParser
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine

/// `lwm2m-console bench registrations`: a registration storm of NO_SEC devices against the
/// embedded engine (imported first into a temp store); registrations per second, persistence
/// of all of them, and resident memory per registered device.
struct EngineRegistrationBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrations",
        abstract: "Registration storm: N NO_SEC devices register with the engine over UDP.")

    @Option(help: "Devices that register.")
    var devices = 10_000

    @Option(help: "Registrations kept outstanding.")
    var window = 256

    @Option(help: "The object links (CoRE link format) every device registers with.")
    var links = "</1/0>,</3/0>"

    func run() async throws {
        let directory = NSTemporaryDirectory() + "lwm2m-bench-registrations-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try DeviceStore(directory: directory)
        let csv = directory + "/devices.csv"
        var text = "endpoint id;securityMode\n"
        text.reserveCapacity(devices * 24)
        for index in 0..<devices { text += "bench-\(index);NO_SEC\n" }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try BulkImporter(store: store).run(file: csv, options: ImportOptions()) { _ in }
        print("imported \(imported.created) devices")

        // What the two store reads of a Register cost alone (same thread, warm cache).
        let sample = min(devices, 10_000)
        let lookupStart = DispatchTime.now().uptimeNanoseconds
        for index in 0..<sample {
            if let device = try store.device(endpoint: "bench-\(index)") {
                _ = try store.bootstrapParameters(tenant: device.tenant, id: device.id)
            }
        }
        let lookupSeconds = Double(DispatchTime.now().uptimeNanoseconds - lookupStart) / 1e9
        print(String(format: "store lookups alone: %.0f Register lookups/s (device by endpoint + bootstrap parameters, one thread)",
                     Double(sample) / lookupSeconds))

        let configuration = EngineConfiguration.benchLoopback
        let heapBeforeStart = HeapInUse.bytes()
        let engine = try await LwM2MEngine.start(configuration: configuration, store: store, model: .builtIn)
        let port = await engine.status().serverPort
        let rssBefore = ProcessMemory.residentBytes()
        let heapBefore = HeapInUse.bytes()

        let storm = RegistrationStorm(port: UInt16(port), devices: devices, window: window, links: Array(links.utf8))
        let started = DispatchTime.now().uptimeNanoseconds
        let result = try await Task.detached { try storm.run() }.value
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let rssAfterStorm = ProcessMemory.residentBytes()
        let registered = await engine.status().registeredDevices

        // Persistence: wait for the write-behind flushes to land, then count in the store.
        let persistStart = DispatchTime.now().uptimeNanoseconds
        var persisted = 0
        while DispatchTime.now().uptimeNanoseconds - persistStart < 120_000_000_000 {
            persisted = 0
            var offset = 0
            while true { // the listing pages, so count page by page
                let page = try store.devices(DeviceQuery(limit: 5_000, offset: offset))
                persisted += page.count(where: { $0.connectionState == .registered })
                offset += page.count
                if page.count < 5_000 { break }
            }
            if persisted >= result.created { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let persistSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Settle: the write-behind batch, the registrations snapshot (rewritten at most every
        // `registrationSnapshotInterval`) and the storm client's buffers are freed by now, so
        // the heap in use is what the engine keeps per registered device (+ SQLite's cache).
        try await Task.sleep(for: configuration.registrationSnapshotInterval + .seconds(1))
        let heapAfter = HeapInUse.bytes()
        let rssAfter = ProcessMemory.residentBytes()

        print(String(format: "registrations: %d created (2.01), %d refused, %d retransmissions, in %.2f s = %.0f registrations/s",
                     result.created, result.refused, result.retransmissions, elapsed, Double(result.created) / elapsed))
        print("engine: \(registered) registered; store: \(persisted) devices 'registered' (all persisted \(String(format: "%.2f", persistSeconds)) s after the start)")
        let perDevice = { (bytes: Int) in Double(bytes) / Double(max(registered, 1)) }
        print(String(format: "memory: engine start with %d devices in its directory: heap +%.1f MiB = %.0f bytes per served device (registered or not)",
                     devices, Double(heapBefore - heapBeforeStart) / 1_048_576,
                     Double(heapBefore - heapBeforeStart) / Double(max(devices, 1))))
        print(String(format: "memory: RSS after malloc_trim %.1f MiB -> %.1f MiB after settling = %.0f bytes per registered device (engine state; the client's buffers are freed)",
                     Double(heapBefore) / 1_048_576, Double(heapAfter) / 1_048_576, perDevice(heapAfter - heapBefore)))
        print(String(format: "memory: RSS %.1f MiB -> %.1f MiB right after the storm (%.0f B/device), %.1f MiB after settling (%.0f B/device; includes allocator high-water)",
                     Double(rssBefore) / 1_048_576, Double(rssAfterStorm) / 1_048_576, perDevice(rssAfterStorm - rssBefore),
                     Double(rssAfter) / 1_048_576, perDevice(rssAfter - rssBefore)))
        await engine.stop()
    }
}

/// A blocking UDP client sending Register requests for `bench-0…N-1` with a window, matching
/// answers by token and retransmitting what has not been acknowledged after 1 s.
struct RegistrationStorm: Sendable {
    let port: UInt16
    let devices: Int
    let window: Int
    let links: [UInt8]

    struct Result {
        var created = 0
        var refused = 0
        var retransmissions = 0
    }

    func run() throws -> Result {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXFailure("socket", errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: Int32 = 8 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        target.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { raw in
                withUnsafePointer(to: &target) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

        var result = Result()
        var pending: [UInt32: (datagram: [UInt8], sentAt: UInt64, acked: Bool)] = [:]
        var next = 0
        var response = [UInt8](repeating: 0, count: 512)
        let giveUp = now() + 300_000_000_000
        while (next < devices || !pending.isEmpty) && now() < giveUp {
            while next < devices && pending.count < window {
                let datagram = Self.register(index: next, links: links)
                pending[UInt32(next)] = (datagram, now(), false)
                send(datagram)
                next += 1
            }
            let count = recv(fd, &response, response.count, 0)
            if count >= 8 {
                let type = (response[0] >> 4) & 0x3
                let tokenLength = Int(response[0] & 0x0F)
                let code = response[1]
                guard tokenLength == 4 || code == 0 else { continue }
                if code == 0 { // empty ACK of a separate response: stop retransmitting (matched by MID)
                    let mid = UInt32(response[2]) << 8 | UInt32(response[3])
                    if let token = pending.keys.first(where: { $0 & 0xFFFF == mid }) { pending[token]?.acked = true }
                    continue
                }
                let token = UInt32(response[4]) << 24 | UInt32(response[5]) << 16 | UInt32(response[6]) << 8 | UInt32(response[7])
                if type == 0 { send([0x60, 0x00, response[2], response[3]]) } // ACK a CON separate response
                if pending.removeValue(forKey: token) != nil {
                    if code == 0x41 { result.created += 1 } else { result.refused += 1 }
                }
            }
            let cutoff = now() &- 1_000_000_000
            for (token, entry) in pending where entry.sentAt < cutoff && !entry.acked {
                send(entry.datagram)
                pending[token]?.sentAt = now()
                result.retransmissions += 1
            }
        }
        return result
    }

    /// CON POST /rd?ep=bench-N&lt=86400&lwm2m=1.1&b=U with the links, token = N, MID = N.
    static func register(index: Int, links: [UInt8]) -> [UInt8] {
        let token = UInt32(truncatingIfNeeded: index)
        var bytes: [UInt8] = [0x44, 0x02, UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index),
                              UInt8(token >> 24), UInt8(truncatingIfNeeded: token >> 16), UInt8(truncatingIfNeeded: token >> 8), UInt8(truncatingIfNeeded: token)]
        var last = 0
        func option(_ number: Int, _ value: [UInt8]) {
            let delta = number - last
            last = number
            let d = delta < 13 ? delta : 13
            let l = value.count < 13 ? value.count : 13
            bytes.append(UInt8(d << 4 | l))
            if d == 13 { bytes.append(UInt8(delta - 13)) }
            if l == 13 { bytes.append(UInt8(value.count - 13)) }
            bytes += value
        }
        option(11, Array("rd".utf8))
        option(12, [40])
        for query in ["ep=bench-\(index)", "lt=86400", "lwm2m=1.1", "b=U"] { option(15, Array(query.utf8)) }
        bytes.append(0xFF)
        bytes += links
        return bytes
    }
}
