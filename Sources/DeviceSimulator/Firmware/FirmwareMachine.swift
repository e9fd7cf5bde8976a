import Foundation
import LwM2M

/// The Firmware Update object's state machine (LwM2M 1.1 Core, E.6): state /5/0/3 IDLE (0) →
/// DOWNLOADING (1) → DOWNLOADED (2) → UPDATING (3) → IDLE, result /5/0/5 codes, and the new
/// version in /3/0/3 and /5/0/7 after an Update. It edits the device's object tree; the
/// device's lock is held around every call.
struct FirmwareMachine: Sendable {
    /// Object 5 states.
    enum State: Int64 { case idle = 0, downloading = 1, downloaded = 2, updating = 3 }
    /// Update result codes used here.
    enum Result: Int64 {
        case initial = 0, success = 1, connectionLost = 4, integrityFailure = 5, invalidURI = 7, updateFailed = 8, unsupportedProtocol = 9
    }

    /// The failure to pretend, if any.
    var failure: FirmwareFailure?
    /// How long installing takes (on the device's clock).
    var updateDuration: TimeInterval = 1
    /// The image waiting for Update (kept out of the tree: /5/0/0 is write-only).
    private(set) var image: [UInt8]?
    /// When the running Update ends.
    private var updateDue: Date?
    /// Updates installed so far (versions `1.0.<n>` for images without a header).
    private var installed = 0
    /// The Package URI whose download is running.
    private(set) var downloading: String?

    private static let statePath = LwM2MPath(object: 5, instance: 0, resource: 3)

    func state(_ tree: ObjectTree) -> State {
        if case .integer(let n)? = tree.value(Self.statePath), let state = State(rawValue: n) { return state }
        return .idle
    }

    private mutating func set(_ tree: inout ObjectTree, _ state: State, _ result: Result) {
        tree.set(5, 0, 3, .integer(state.rawValue))
        tree.set(5, 0, 5, .integer(result.rawValue))
    }

    /// Back to IDLE with result 0 (an empty Package or Package URI write).
    mutating func reset(_ tree: inout ObjectTree) {
        image = nil
        updateDue = nil
        downloading = nil
        tree.set(5, 0, 1, .string(""))
        set(&tree, .idle, .initial)
    }

    /// A Package write (PUSH, reassembled from its Block1 blocks). Returns a refusal text when
    /// the state does not allow it.
    mutating func packageWritten(_ bytes: [UInt8], tree: inout ObjectTree) -> String? {
        if bytes.isEmpty { reset(&tree); return nil }
        guard state(tree) == .idle || state(tree) == .downloaded else {
            return "firmware state is \(state(tree)); a package is accepted in IDLE"
        }
        delivered(bytes, tree: &tree)
        return nil
    }

    /// A Package URI write (PULL). Returns the URI to download, or nil (reset, refused URI).
    mutating func uriWritten(_ uri: String, tree: inout ObjectTree) -> String? {
        if uri.isEmpty { reset(&tree); return nil }
        guard let scheme = URL(string: uri)?.scheme?.lowercased() else {
            set(&tree, .idle, .invalidURI)
            return nil
        }
        guard scheme == "coap" || scheme == "coaps" else {
            set(&tree, .idle, .unsupportedProtocol)
            return nil
        }
        image = nil
        downloading = uri
        set(&tree, .downloading, .initial)
        return uri
    }

    /// The PULL download ended with the image or an error text.
    mutating func downloadFinished(_ outcome: Swift.Result<[UInt8], DownloadError>, uri: String, tree: inout ObjectTree) {
        guard downloading == uri, state(tree) == .downloading else { return }
        downloading = nil
        switch outcome {
        case .failure(let error):
            set(&tree, .idle, error.invalidURI ? .invalidURI : .connectionLost)
        case .success(let bytes):
            if failure == .download { set(&tree, .idle, .connectionLost); return }
            delivered(bytes, tree: &tree)
        }
    }

    private mutating func delivered(_ bytes: [UInt8], tree: inout ObjectTree) {
        guard failure != .integrity, SimulatedFirmwareImage.verify(bytes) else {
            image = nil
            set(&tree, .idle, .integrityFailure)
            return
        }
        image = bytes
        set(&tree, .downloaded, .initial)
    }

    /// Execute /5/0/2. Returns a refusal text when nothing is downloaded.
    mutating func update(tree: inout ObjectTree, now: Date) -> String? {
        guard state(tree) == .downloaded, image != nil else {
            return "no firmware downloaded (state is \(state(tree).rawValue), not 2)"
        }
        updateDue = now.addingTimeInterval(updateDuration)
        set(&tree, .updating, .initial)
        return nil
    }

    /// Finishes an Update that is due.
    mutating func advance(_ tree: inout ObjectTree, now: Date) {
        guard let due = updateDue, now >= due else { return }
        updateDue = nil
        if failure == .update {
            set(&tree, .downloaded, .updateFailed)
            return
        }
        installed += 1
        let header = image.flatMap { SimulatedFirmwareImage.parse($0).header }
        let version = header?.version ?? "1.0.\(installed)"
        tree.set(3, 0, 3, .string(version))
        tree.set(5, 0, 7, .string(version))
        if let header { tree.set(5, 0, 6, .string(header.name)) }
        image = nil
        set(&tree, .idle, .success)
    }
}

/// Why a simulated PULL download failed.
struct DownloadError: Error, Sendable {
    /// The URI itself cannot be used (result 7) rather than the transfer failing (result 4).
    var invalidURI: Bool
    /// What happened.
    var message: String
}
