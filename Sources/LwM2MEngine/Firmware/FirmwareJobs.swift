import Synchronization

/// The running firmware-update jobs of an engine: their tasks (cancelled at stop), the phase
/// each operation reached, the PULL downloads being served and the shared image copies. A
/// `Mutex` rather than actor state, so the CoAP route serving images and the engine's stop
/// share it without hopping.
final class FirmwareJobs: Sendable {
    private struct Contents {
        var tasks: [OperationID: Task<Void, Never>] = [:]
        var phases: [OperationID: FirmwarePhase] = [:]
        var downloads: [String: FirmwareDownload] = [:]
        var tokens: [OperationID: String] = [:]
        var images = FirmwareImages()
        var imageOf: [OperationID: (name: String, version: String)] = [:]
        var waiting: [FirmwareWaitingJob] = []
    }

    private let contents = Mutex(Contents())

    /// Remembers the task running an operation's job.
    func started(_ id: OperationID, task: Task<Void, Never>) {
        contents.withLock { $0.tasks[id] = task }
    }

    /// The job of an operation ended (its phase is kept only while the operation may resume):
    /// its download path answers 4.04 from now on and its share of the image is released.
    func ended(_ id: OperationID, keepPhase: Bool) {
        contents.withLock {
            $0.tasks[id] = nil
            if !keepPhase { $0.phases[id] = nil }
            if let token = $0.tokens.removeValue(forKey: id) { $0.downloads[token] = nil }
            if let image = $0.imageOf.removeValue(forKey: id) { $0.images.release(name: image.name, version: image.version) }
        }
    }

    /// Records how far an operation's job got.
    func reached(_ id: OperationID, _ phase: FirmwarePhase) {
        contents.withLock { $0.phases[id] = phase }
    }

    /// How far an operation's job got in an earlier attempt.
    func phase(_ id: OperationID) -> FirmwarePhase? {
        contents.withLock { $0.phases[id] }
    }

    /// How many jobs run now.
    var runningCount: Int { contents.withLock { $0.tasks.count } }

    // MARK: Waiting for a slot

    /// Queues a job that found every slot taken (first come, first started).
    func wait(_ job: FirmwareWaitingJob) {
        contents.withLock { $0.waiting.append(job) }
    }

    /// The job waiting longest, removed from the line.
    func nextWaiting() -> FirmwareWaitingJob? {
        contents.withLock { $0.waiting.isEmpty ? nil : $0.waiting.removeFirst() }
    }

    /// How many jobs wait for a slot.
    var waitingCount: Int { contents.withLock { $0.waiting.count } }

    // MARK: Images

    /// The image of NAME/VERSION for a job: the copy other jobs already hold, else `load()`'s
    /// (read outside the lock). Released when the job ends. Nil when not in the repository.
    func image(for id: OperationID, name: String, version: String, load: () throws -> [UInt8]?) rethrows -> [UInt8]? {
        if let shared = contents.withLock({ c -> [UInt8]? in
            let bytes = c.images.acquireExisting(name: name, version: version)
            if bytes != nil { c.imageOf[id] = (name, version) }
            return bytes
        }) { return shared }
        guard let loaded = try load() else { return nil }
        return contents.withLock { c in
            c.imageOf[id] = (name, version)
            return c.images.acquire(name: name, version: version, loaded: loaded)
        }
    }

    /// How many distinct images running jobs hold in memory.
    var imagesHeld: Int { contents.withLock { $0.images.count } }

    // MARK: PULL downloads

    /// Serves `image` for operation `id` at a new random path until the job ends; returns the
    /// path's token.
    func serve(_ id: OperationID, device: DeviceRef, image: [UInt8], secure: Bool, progress: @escaping FirmwareDownload.Progress) -> String {
        let token = FirmwareDownload.makeToken()
        contents.withLock {
            if let old = $0.tokens[id] { $0.downloads[old] = nil }
            $0.tokens[id] = token
            $0.downloads[token] = FirmwareDownload(operation: id, image: image, secure: secure, device: device, progress: progress)
        }
        return token
    }

    /// The device whose identity must be checked before `identity` gets the DTLS download at
    /// `token`; nil when already checked or there is no such download.
    func uncheckedOwner(_ token: String, identity: String) -> DeviceRef? {
        contents.withLock { c in
            guard let download = c.downloads[token], download.secure, !download.verifiedIdentities.contains(identity) else { return nil }
            return download.device
        }
    }

    /// Records that `identity` is the PSK identity of the download's device.
    func verified(_ token: String, identity: String) {
        contents.withLock { _ = $0.downloads[token]?.verifiedIdentities.insert(identity) }
    }

    /// The image served at `token` on this transport (nil: 4.04; on the DTLS port also for an
    /// identity not checked to be the device's), and the progress to report for block `number`
    /// (0-based) of `size` bytes, when one is due.
    func download(
        _ token: String, secure: Bool, identity: String? = nil, block number: Int, size: Int
    ) -> (image: [UInt8], report: (FirmwareDownload.Progress, String)?)? {
        contents.withLock { c in
            guard var download = c.downloads[token], download.secure == secure else { return nil }
            if secure { guard let identity, download.verifiedIdentities.contains(identity) else { return nil } }
            let total = max(1, (download.image.count + size - 1) / size)
            let text = download.progressText(block: min(number + 1, total), of: total, now: .now)
            c.downloads[token] = download
            return (download.image, text.map { (download.progress, $0) })
        }
    }

    /// Cancels every running job (engine stop).
    func cancelAll() {
        let tasks = contents.withLock { c in
            defer { c.tasks = [:] }
            return Array(c.tasks.values)
        }
        for task in tasks { task.cancel() }
    }
}
