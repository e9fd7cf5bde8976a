import CoAP
import DeviceStore
import Foundation
import LwM2M
import NIOCore
import Synchronization

/// One firmware update of one device (SPEC §8), run as a task outside the engine actor: reset
/// the state machine, read /5/0, observe /5/0/3 and /5/0/5, deliver by PUSH (Block1 writes of
/// /5/0/0) or PULL (Package URI), wait for DOWNLOADED, execute Update, wait for the result,
/// read the new version. Each request and each wait has the operation's timeout.
struct FirmwareJob: Sendable {
    /// What the job reports while it runs: a progress text, and whether it names a new step
    /// (a lifecycle event) or only progress within one (block counts).
    typealias Report = @Sendable (_ text: String, _ newStep: Bool) async -> Void

    var request: FirmwareUpdateRequest
    var endpoint: CoAPEndpoint
    var peer: SocketAddress
    var stepTimeout: Duration
    var formats: ContentFormatChoice
    var settings: FirmwareSettings
    var encoding: BinaryDeliveryEncoding
    /// The image from the repository; nil when NAME/VERSION is not there.
    var image: [UInt8]?
    /// Where the engine serves the image (PULL), when it is in the repository.
    var servedURI: String?
    /// How far an earlier attempt got.
    var resumeFrom: FirmwarePhase?
    var model: ObjectModel
    /// How often the state is read while waiting (notifications usually come first).
    var pollInterval: Duration = .milliseconds(500)
    /// Records a phase reached (kept for a resumed attempt).
    var reached: @Sendable (FirmwarePhase) -> Void
    var report: Report

    private static let state = LwM2MPath(object: 5, instance: 0, resource: 3)
    private static let result = LwM2MPath(object: 5, instance: 0, resource: 5)
    private static let package = LwM2MPath(object: 5, instance: 0, resource: 0)
    private static let packageURI = LwM2MPath(object: 5, instance: 0, resource: 1)

    /// Runs the job to its end.
    func run() async -> FirmwareJobOutcome {
        let watch = FirmwareStateWatch()
        let held = HeldObservations()
        let outcome = await steps(watch, held)
        // A silent device would hold the next request behind an unanswered cancel (NSTART 1):
        // forget the observations then (RST on a later notification); else cancel them.
        let actively: Bool
        if case .noAnswer = outcome { actively = false } else { actively = true }
        for observation in held.all { await observation.cancel(actively: actively, timeout: timeAmount(stepTimeout)) }
        return outcome
    }

    private func steps(_ watch: FirmwareStateWatch, _ held: HeldObservations) async -> FirmwareJobOutcome {
        do {
            var skipToUpdate = false
            var skipToResult = false
            if let resumeFrom {
                let values = try await readObject(watch)
                switch (resumeFrom, values.state) {
                case (.delivered, 2), (.updating, 2): skipToUpdate = true
                case (.updating, 3): skipToResult = true
                case (.updating, 0) where values.result == 1: skipToResult = true
                default: break
                }
                if skipToUpdate || skipToResult {
                    await report("resuming: device state \(FirmwareUpdateResult.stateName(values.state ?? -1))", true)
                }
            }
            held.add(await observe(watch))
            if !skipToUpdate && !skipToResult {
                try await deliver(watch)
                reached(.delivered)
            }
            if !skipToResult {
                await report("downloaded, updating", true)
                let response = try await exchange(CoAPRequest(.post, path: "/5/0/2"), step: "execute Update /5/0/2")
                guard response.code.isSuccess else {
                    throw FirmwareStepError.failed("execute Update /5/0/2: " + LwM2MEngine.failureText(response))
                }
                reached(.updating)
            }
            try await waitFor(watch, step: "waiting for the update result", patientWhile: 3) { state, result in
                if result == 1 { return .done }
                if let result, result > 1, state != 3 { return .fail("the update failed: result \(FirmwareUpdateResult.describe(result))") }
                return .wait
            }
            return .success(await versionLines())
        } catch let error as FirmwareStepError {
            switch error {
            case .noAnswer(let step): return .noAnswer(step)
            case .failed(let reason): return .failure(reason)
            }
        } catch {
            return .failure("\(error)")
        }
    }

    // MARK: Steps

    private func deliver(_ watch: FirmwareStateWatch) async throws {
        let resetsByURI = settings.resetMechanism?.uppercased() == "PACKAGE_URI"
        await report("resetting the firmware state machine (\(resetsByURI ? "Package URI" : "Package"))", true)
        let reset = resetsByURI
            ? try textWrite(Self.packageURI, "")
            : try binaryWrite(Self.package, [])
        let resetAnswer = try await exchange(reset, step: "reset")
        guard resetAnswer.code.isSuccess else { throw FirmwareStepError.failed("reset: " + LwM2MEngine.failureText(resetAnswer)) }

        await report("reading /5/0", true)
        let values = try await readObject(watch)
        guard values.state == 0 else {
            throw FirmwareStepError.failed("the device's firmware state is \(FirmwareUpdateResult.stateName(values.state ?? -1)), not IDLE, after the reset")
        }
        let choice = FirmwareDeliveryChoice(
            setting: settings.deliveryMethod?.uppercased(), settingProtocol: settings.supportedDeviceProtocol?.uppercased(),
            reported: values.delivery, protocols: values.protocols)
        let method: FirmwareDeliveryChoice.Method
        do {
            if image != nil, let servedURI {
                method = try choice.forRepositoryImage(servedURI: servedURI)
            } else {
                method = try choice.forExternalURL(request.url)
            }
        } catch { throw FirmwareStepError.failed(error.message) }

        switch method {
        case .push:
            try await push(image ?? [])
            try await waitFor(watch, step: "waiting for DOWNLOADED") { state, result in
                if state == 2 { return .done }
                if let result, result > 1 { return .fail("the device refused the image: result \(FirmwareUpdateResult.describe(result))") }
                return .wait
            }
        case .pull(let uri):
            await report("PULL: device downloads \(uri)", true)
            let answer = try await exchange(try textWrite(Self.packageURI, uri), step: "write Package URI /5/0/1")
            guard answer.code.isSuccess else { throw FirmwareStepError.failed("write Package URI /5/0/1: " + LwM2MEngine.failureText(answer)) }
            try await waitFor(watch, step: "waiting for the device's download", patientWhile: 1) { state, result in
                if state == 2 { return .done }
                if let result, result > 1 { return .fail("the download failed: result \(FirmwareUpdateResult.describe(result))") }
                return .wait
            }
        }
    }

    /// PUSH: Block1 writes of /5/0/0, 512-byte blocks unless the device asks for smaller ones.
    private func push(_ image: [UInt8]) async throws {
        let payload: [UInt8]
        do { payload = try encoding.payload(image, path: Self.package) } catch { throw FirmwareStepError.failed(error.message) }
        var szx = CoAPBlock.szx(forSize: 512)
        var offset = 0
        var lastReport = ContinuousClock.now
        var lastPercent = -1
        await report("PUSH \(payload.count) bytes as \(encoding.rawValue) in blocks of \(16 << Int(szx))", true)
        while true {
            let size = 16 << Int(szx)
            let end = min(offset + size, payload.count)
            let more = end < payload.count
            let number = offset / size
            let total = (payload.count + size - 1) / size
            var options = CoAPOptions()
            options.uriPath = ["5", "0", "0"]
            options.contentFormat = encoding.contentFormat.rawValue
            options.block1 = CoAPBlock(number: UInt32(number), more: more, szx: szx)
            if offset == 0 { options.size1 = UInt32(clamping: payload.count) }
            let step = "PUSH block \(number + 1)/\(total)"
            let response = try await exchange(CoAPRequest(.put, options: options, payload: Array(payload[offset..<end])), step: step)
            if more {
                guard response.code == .continue else {
                    throw FirmwareStepError.failed("\(step): the device answered \(response.code) instead of 2.31 Continue"
                        + (response.payload.isEmpty ? "" : ": " + String(decoding: response.payload.prefix(200), as: UTF8.self)))
                }
                // A smaller size asked for (RFC 7959 §2.3); offsets stay aligned to it.
                if let asked = response.options.block1, asked.szx < szx { szx = asked.szx }
            } else {
                guard response.code.isSuccess else { throw FirmwareStepError.failed("\(step): " + LwM2MEngine.failureText(response)) }
            }
            offset = end
            let percent = payload.isEmpty ? 100 : offset * 100 / payload.count
            let now = ContinuousClock.now
            // Progress at most every 10 % or second: each report is a stored snapshot.
            if !more || percent / 10 != lastPercent / 10 || now - lastReport >= .seconds(1) {
                lastPercent = percent
                lastReport = now
                await report("PUSH block \(number + 1)/\(total) (\(percent)%)", false)
            }
            if !more { return }
        }
    }

    private func versionLines() async -> [String] {
        var lines = ["firmware \(request.name) \(request.version) installed (result \(FirmwareUpdateResult.describe(1)))"]
        let path = LwM2MPath(object: 3, instance: 0, resource: 3)
        var options = CoAPOptions()
        options.uriPath = path.uriPathSegments
        options.accept = formats.format(for: path).rawValue
        if let response = try? await exchange(CoAPRequest(.get, options: options), step: "read /3/0/3"), response.code.isSuccess {
            lines += ResponseDecoder(model: model).decode(response, path: path).lines
        }
        return lines
    }

    // MARK: Reading and watching the state

    /// What /5/0 holds of interest.
    struct ObjectValues {
        var state: Int64?
        var result: Int64?
        var delivery: Int64?
        var protocols: [Int64] = []
    }

    private func readObject(_ watch: FirmwareStateWatch) async throws -> ObjectValues {
        let path = LwM2MPath(object: 5, instance: 0)
        var options = CoAPOptions()
        options.uriPath = path.uriPathSegments
        options.accept = formats.format(for: path).rawValue
        let response = try await exchange(CoAPRequest(.get, options: options), step: "read /5/0")
        guard response.code.isSuccess else { throw FirmwareStepError.failed("read /5/0: " + LwM2MEngine.failureText(response)) }
        let nodes = ResponseDecoder(model: model).decode(response, path: path).nodes
        var values = ObjectValues()
        for (path, value) in nodes.values where path.objectID == 5 {
            guard let number = Self.integer(value) else { continue }
            switch path.resourceID {
            case 3: values.state = number
            case 5: values.result = number
            case 9: values.delivery = number
            case 8: values.protocols.append(number)
            default: break
            }
        }
        watch.set(state: values.state, result: values.result)
        return values
    }

    private static func integer(_ value: ResourceValue) -> Int64? {
        switch value {
        case .integer(let n): n
        case .unsignedInteger(let n): Int64(exactly: n)
        default: nil
        }
    }

    /// Observes /5/0/3 and /5/0/5; notifications update `watch`. A device that does not
    /// observe is polled instead.
    private func observe(_ watch: FirmwareStateWatch) async -> [CoAPObservation] {
        var held: [CoAPObservation] = []
        for path in [Self.state, Self.result] {
            var options = CoAPOptions()
            options.uriPath = path.uriPathSegments
            options.accept = formats.format(for: path).rawValue
            options.setUInt(CoAPOptionNumber.observe, 0)
            guard let observation = try? await endpoint.observe(CoAPRequest(.get, options: options), to: peer, timeout: timeAmount(stepTimeout)),
                  observation.response.code.isSuccess else { continue }
            let decoder = ResponseDecoder(model: model)
            watch.update(path, decoder.decode(observation.response, path: path).nodes.values[path].flatMap(Self.integer))
            guard observation.isEstablished else { continue }
            held.append(observation)
            Task {
                for await event in observation.events {
                    guard case .notification(let response) = event else { break }
                    watch.update(path, decoder.decode(response, path: path).nodes.values[path].flatMap(Self.integer))
                }
            }
        }
        return held
    }

    /// What a wait decides from (state, result).
    enum Decision { case done, wait, fail(String) }

    /// Waits until `decide` says done or fail; reads /5/0 at once and then every
    /// `pollInterval` between notifications. Fails after `stepTimeout` without a change, except
    /// while the device answers with state `patientWhile` (DOWNLOADING during a PULL, UPDATING):
    /// a big download or a slow install is progress as long as the device answers (the
    /// engine's stuck-operation limit still bounds it).
    private func waitFor(
        _ watch: FirmwareStateWatch, step: String, patientWhile: Int64? = nil, _ decide: @Sendable (Int64?, Int64?) -> Decision
    ) async throws {
        var lastChange = ContinuousClock.now
        var lastSeen = watch.current
        var nextPoll = ContinuousClock.now
        while true {
            let (state, result) = watch.current
            switch decide(state, result) {
            case .done: return
            case .fail(let reason): throw FirmwareStepError.failed(reason)
            case .wait: break
            }
            let now = ContinuousClock.now
            if watch.current != lastSeen {
                lastSeen = watch.current
                lastChange = now
            }
            if now - lastChange > stepTimeout {
                throw FirmwareStepError.failed("\(step): no progress within \(LwM2MEngine.milliseconds(stepTimeout)) ms (state \(FirmwareUpdateResult.stateName(state ?? -1)), result \(result.map(FirmwareUpdateResult.describe) ?? "none"))")
            }
            if now >= nextPoll {
                let values = try await readObject(watch)
                if let patientWhile, values.state == patientWhile { lastChange = ContinuousClock.now }
                nextPoll = ContinuousClock.now + pollInterval
                continue
            }
            try? await Task.sleep(for: .milliseconds(20))
            if Task.isCancelled { throw FirmwareStepError.noAnswer(step) }
        }
    }

    // MARK: Requests

    private func exchange(_ request: CoAPRequest, step: String) async throws -> CoAPResponse {
        do {
            return try await endpoint.send(request, to: peer, timeout: timeAmount(stepTimeout))
        } catch let error as CoAPError {
            switch error.kind {
            case .timeout, .cancelled, .endpointClosed: throw FirmwareStepError.noAnswer(step)
            case .reset: throw FirmwareStepError.failed("\(step): the device rejected the request (CoAP reset)")
            default: throw FirmwareStepError.failed("\(step): \(error.message)")
            }
        } catch {
            throw FirmwareStepError.failed("\(step): \(error)")
        }
    }

    private func textWrite(_ path: LwM2MPath, _ text: String) throws -> CoAPRequest {
        var options = CoAPOptions()
        options.uriPath = path.uriPathSegments
        options.contentFormat = ContentFormat.text.rawValue
        return CoAPRequest(.put, options: options, payload: Array(text.utf8))
    }

    private func binaryWrite(_ path: LwM2MPath, _ bytes: [UInt8]) throws -> CoAPRequest {
        var options = CoAPOptions()
        options.uriPath = path.uriPathSegments
        options.contentFormat = encoding.contentFormat.rawValue
        do {
            return CoAPRequest(.put, options: options, payload: try encoding.payload(bytes, path: path))
        } catch { throw FirmwareStepError.failed(error.message) }
    }

    private func timeAmount(_ duration: Duration) -> TimeAmount {
        .milliseconds(Int64(LwM2MEngine.milliseconds(duration)))
    }
}

/// The latest firmware state and result seen (read or notified), shared by the job and its
/// notification consumers.
final class FirmwareStateWatch: Sendable {
    private let values = Mutex<(state: Int64?, result: Int64?)>((nil, nil))

    /// The state and result now.
    var current: (Int64?, Int64?) { values.withLock { ($0.state, $0.result) } }

    /// Sets both (from a read of /5/0).
    func set(state: Int64?, result: Int64?) {
        values.withLock { v in
            if let state { v.state = state }
            if let result { v.result = result }
        }
    }

    /// Sets one from a notification of /5/0/3 or /5/0/5.
    func update(_ path: LwM2MPath, _ value: Int64?) {
        guard let value else { return }
        values.withLock { v in
            if path.resourceID == 3 { v.state = value } else { v.result = value }
        }
    }
}

/// The observations a job holds, cancelled when it ends.
final class HeldObservations: Sendable {
    private let observations = Mutex<[CoAPObservation]>([])

    /// Adds observations.
    func add(_ more: [CoAPObservation]) { observations.withLock { $0 += more } }

    /// All of them.
    var all: [CoAPObservation] { observations.withLock { $0 } }
}
