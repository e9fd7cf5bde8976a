import Testing
@testable import LwM2MEngine

/// The registry of served PULL downloads and shared images (`FirmwareJobs`), without sockets.
@Suite("Firmware serving registry")
struct FirmwareServingTests {
    static let device = DeviceRef(tenant: "t-default", id: "psk_device")

    @Test("a download is served only on its job's transport (DTLS: the device's checked identity), only until the job ends, at a fresh 128-bit token")
    func servedOnlyWhileRunningOnItsTransport() {
        let jobs = FirmwareJobs()
        let image = Array(repeating: UInt8(7), count: 3_000)
        let token = jobs.serve(OperationID(1), device: Self.device, image: image, secure: true) { _ in }
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
        #expect(jobs.serve(OperationID(2), device: Self.device, image: image, secure: true) { _ in } != token)
        #expect(jobs.download(token, secure: false, block: 0, size: 512) == nil)
        // DTLS: only an identity checked to be the device's.
        #expect(jobs.download(token, secure: true, identity: "psk-1", block: 0, size: 512) == nil)
        #expect(jobs.uncheckedOwner(token, identity: "psk-1") == Self.device)
        jobs.verified(token, identity: "psk-1")
        #expect(jobs.uncheckedOwner(token, identity: "psk-1") == nil)
        #expect(jobs.download(token, secure: true, identity: "psk-1", block: 0, size: 512)?.image == image)
        #expect(jobs.download(token, secure: true, identity: "someone-else", block: 0, size: 512) == nil)
        #expect(jobs.download(token, secure: true, block: 0, size: 512) == nil)
        #expect(jobs.download("fw", secure: true, identity: "psk-1", block: 0, size: 512) == nil)
        jobs.ended(OperationID(1), keepPhase: false)
        #expect(jobs.download(token, secure: true, identity: "psk-1", block: 0, size: 512) == nil)
    }

    @Test("PULL progress: block n/N with its percentage, at most once per 10 % (plus the last block)")
    func progressPerBlock() {
        let jobs = FirmwareJobs()
        let token = jobs.serve(OperationID(1), device: Self.device, image: Array(repeating: 1, count: 48 * 512), secure: false) { _ in }
        var texts: [String] = []
        for block in 0..<48 {
            if let (_, text) = jobs.download(token, secure: false, block: block, size: 512)?.report { texts.append(text) }
        }
        #expect(texts.first == "PULL block 1/48 (2%)")
        #expect(texts.contains("PULL block 10/48 (20%)"))
        #expect(texts.last == "PULL block 48/48 (100%)")
        #expect(texts.count <= 12, "\(texts)")
    }

    @Test("one copy of an image for all jobs using it, dropped after the last")
    func sharedImage() throws {
        let jobs = FirmwareJobs()
        var loads = 0
        let load: () -> [UInt8]? = { loads += 1; return Array(repeating: 9, count: 1_000) }
        for n in 1...3 {
            #expect(jobs.image(for: OperationID(Int64(n)), name: "a", version: "1", load: load)?.count == 1_000)
        }
        #expect(loads == 1)
        #expect(jobs.imagesHeld == 1)
        #expect(jobs.image(for: OperationID(9), name: "absent", version: "1") { nil } == nil)
        jobs.ended(OperationID(1), keepPhase: false)
        jobs.ended(OperationID(2), keepPhase: false)
        #expect(jobs.imagesHeld == 1)
        jobs.ended(OperationID(3), keepPhase: false)
        #expect(jobs.imagesHeld == 0)
    }
}
