import CoAP
import Foundation
import LwM2M
import NIOCore
import Synchronization

/// A simulated device's objects, attributes and observations, and how it answers LwM2M requests.
///
/// Request handlers run on the endpoint's event loop and the notifier runs in a task; both go
/// through one mutex, held only for in-memory work.
final class DeviceState: Sendable {
    struct Contents {
        var tree: ObjectTree
        var attributes: [LwM2MPath: StoredAttributes] = [:]
        var observations: [ObservationKey: Observation] = [:]
        /// True from the Bootstrap-Request until Bootstrap-Finish: the bootstrap server may
        /// write object 0 and delete anything.
        var bootstrapping = false
        /// The Firmware Update object's state machine (Firmware/FirmwareMachine.swift).
        var firmware = FirmwareMachine()
    }

    let endpointName: String
    let model: ObjectModel
    let clock: any SimulatorClock
    let control: LinkControl
    let startedAt: Date
    private let seed: Double
    private let contents: Mutex<Contents>
    private let signal: @Sendable (DeviceSignal) -> Void
    private let report: @Sendable (DeviceEvent) -> Void

    init(
        endpointName: String, tree: ObjectTree, model: ObjectModel, clock: any SimulatorClock, control: LinkControl,
        signal: @escaping @Sendable (DeviceSignal) -> Void, report: @escaping @Sendable (DeviceEvent) -> Void
    ) {
        self.endpointName = endpointName
        self.model = model
        self.clock = clock
        self.control = control
        self.signal = signal
        self.report = report
        startedAt = clock.now()
        seed = Double(endpointName.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }) / 1000
        contents = Mutex(Contents(tree: tree))
    }

    /// A copy of the objects now (values moved to the current time).
    var tree: ObjectTree {
        let now = clock.now()
        return contents.withLock { c in
            advance(&c, now: now)
            return c.tree
        }
    }

    /// Sets the firmware failure to pretend and how long an Update takes.
    func configureFirmware(failure: FirmwareFailure?, updateDuration: TimeInterval) {
        contents.withLock {
            $0.firmware.failure = failure
            $0.firmware.updateDuration = updateDuration
        }
    }

    /// The firmware image delivered and not yet installed (PUSH or PULL), as received.
    var firmwareImage: [UInt8]? { contents.withLock { $0.firmware.image } }

    /// A PULL download of `uri` ended.
    func firmwareDownloadFinished(_ outcome: Result<[UInt8], DownloadError>, uri: String) {
        contents.withLock { $0.firmware.downloadFinished(outcome, uri: uri, tree: &$0.tree) }
    }

    /// Sets or clears bootstrap mode.
    func setBootstrapping(_ on: Bool) { contents.withLock { $0.bootstrapping = on } }

    /// Changes the tree directly (configuration, tests).
    func modify(_ body: (inout ObjectTree) -> Void) { contents.withLock { body(&$0.tree) } }

    /// The number of active observations.
    var observationCount: Int { contents.withLock { $0.observations.count } }

    private func advance(_ c: inout Contents, now: Date) {
        DeviceObjects.advance(&c.tree, now: now, elapsed: now.timeIntervalSince(startedAt), seed: seed)
        c.firmware.advance(&c.tree, now: now)
    }

    // MARK: Requests

    /// Answers one request from a server (or the bootstrap server).
    func handle(_ context: CoAPRequestContext) -> CoAPResponse {
        let response = answer(context)
        report(DeviceEvent(endpoint: endpointName, kind: .request, detail: "\(context.method) /\(context.path.joined(separator: "/")) -> \(response.code)"))
        return response
    }

    private func answer(_ context: CoAPRequestContext) -> CoAPResponse {
        if context.path == ["bs"] {
            guard context.method == .post else { return CoAPResponse(.methodNotAllowed) }
            signal(.bootstrapFinished)
            return CoAPResponse(.changed)
        }
        guard let path = try? LwM2MPath(parsing: "/" + context.path.joined(separator: "/")) else {
            return CoAPResponse(.notFound, text: "not an LwM2M path")
        }
        let now = clock.now()
        var signals: [DeviceSignal] = []
        let response: CoAPResponse = contents.withLock { c in
            advance(&c, now: now)
            let options = context.message.options
            switch context.method {
            case .get:
                if options.accept == ContentFormat.linkFormat.rawValue { return discover(c, path: path) }
                return read(&c, path: path, context: context, now: now)
            case .put:
                if context.payload.isEmpty, options.contentFormat == nil, !context.query.isEmpty {
                    return writeAttributes(&c, path: path, query: context.query)
                }
                return write(&c, path: path, context: context, replace: true, now: now, signals: &signals)
            case .post:
                if path.level == .object { return create(&c, path: path, context: context, signals: &signals) }
                if path.level == .resource, model.resource(at: path)?.isExecutable == true {
                    return execute(&c, path: path, now: now, signals: &signals)
                }
                return write(&c, path: path, context: context, replace: false, now: now, signals: &signals)
            case .delete:
                return delete(&c, path: path, signals: &signals)
            case .fetch:
                return compositeRead(c, context: context)
            default:
                return CoAPResponse(.methodNotAllowed)
            }
        }
        control.hasObservers = observationCount > 0
        for s in signals { signal(s) }
        return response
    }

    // MARK: Read

    /// Whether a server may read this resource (object 0 is for the bootstrap server only).
    private func readable(_ resourcePath: LwM2MPath, bootstrapping: Bool) -> Bool {
        if resourcePath.objectID == 0 { return bootstrapping }
        return model.resource(at: resourcePath)?.isReadable ?? true
    }

    /// The nodes a read of `path` returns, or the error code.
    private func readNodes(_ c: Contents, path: LwM2MPath) -> Result<LwM2MNodes, Refusal> {
        if path.level == .root { return .failure(Refusal(.methodNotAllowed, text: "read the root path with a composite read")) }
        if path.objectID == 0, !c.bootstrapping { return .failure(Refusal(.unauthorized, text: "the Security object is for the bootstrap server")) }
        if path.level >= .resource, c.tree.contains(path.parent), let definition = model.resource(at: path), !definition.isReadable {
            return .failure(Refusal(.methodNotAllowed, text: "\(definition.name) is not readable"))
        }
        guard c.tree.contains(path) else { return .failure(Refusal(.notFound)) }
        let bootstrapping = c.bootstrapping
        return .success(c.tree.nodes(at: path) { readable($0, bootstrapping: bootstrapping) })
    }

    /// The content format for `nodes` read at `path` with the client's Accept.
    private func format(accept: UInt16?, path: LwM2MPath, nodes: LwM2MNodes) -> ContentFormat? {
        let single = path.level >= .resource && nodes.values.count == 1 ? nodes.values[path] : nil
        guard let accept else {
            if let single { return single.type == .opaque ? .opaque : .text }
            return .tlv
        }
        guard let format = ContentFormat(rawValue: accept), format != .linkFormat else { return nil }
        switch format {
        case .text, .cbor: return single == nil ? nil : format
        case .opaque: return single?.type == .opaque ? format : nil
        default: return format
        }
    }

    private func encode(_ nodes: LwM2MNodes, path: LwM2MPath, accept: UInt16?) -> (ContentFormat, [UInt8])? {
        guard let format = format(accept: accept, path: path, nodes: nodes),
              let payload = try? LwM2MCodec.encode(nodes, format: format, path: path) else { return nil }
        return (format, payload)
    }

    private func read(_ c: inout Contents, path: LwM2MPath, context: CoAPRequestContext, now: Date) -> CoAPResponse {
        let key = ObservationKey(peer: context.peer, token: context.message.token)
        if context.message.options.observe == 1 { c.observations[key] = nil }
        let nodes: LwM2MNodes
        switch readNodes(c, path: path) {
        case .failure(let refusal): return refusal.response
        case .success(let found): nodes = found
        }
        guard let (format, payload) = encode(nodes, path: path, accept: context.message.options.accept) else {
            return CoAPResponse(.notAcceptable, text: "cannot answer \(path) in content format \(context.message.options.accept.map(String.init) ?? "default")")
        }
        var response = CoAPResponse(.content, payload: payload)
        response.options.contentFormat = format.rawValue
        if context.message.options.observe == 0 {
            let sequence: UInt32 = 2
            c.observations[key] = Observation(path: path, format: format, lastNodes: nodes, lastSent: now, sequence: sequence)
            response.options.observe = sequence
            signal(.observed)
        }
        return response
    }

    private func compositeRead(_ c: Contents, context: CoAPRequestContext) -> CoAPResponse {
        guard let number = context.message.options.contentFormat, let requestFormat = ContentFormat(rawValue: number),
              let paths = try? LwM2MCodec.decodeCompositePaths(context.payload, format: requestFormat) else {
            return CoAPResponse(.badRequest, text: "a composite read lists paths in SenML JSON or SenML CBOR")
        }
        var nodes = LwM2MNodes()
        for path in paths {
            if case .success(let found) = readNodes(c, path: path) { nodes.values.merge(found.values) { a, _ in a } }
        }
        let format = context.message.options.accept.flatMap(ContentFormat.init(rawValue:)) ?? requestFormat
        guard format == .senmlJSON || format == .senmlCBOR,
              let payload = try? LwM2MCodec.encode(nodes, format: format, path: .root) else {
            return CoAPResponse(.notAcceptable, text: "a composite read answers in SenML JSON or SenML CBOR")
        }
        var response = CoAPResponse(.content, payload: payload)
        response.options.contentFormat = format.rawValue
        return response
    }

    // MARK: Discover and attributes

    private func discover(_ c: Contents, path: LwM2MPath) -> CoAPResponse {
        guard c.tree.contains(path), path.level <= .resource else { return CoAPResponse(.notFound) }
        var links: [CoRELink] = []
        func attributes(_ p: LwM2MPath) -> [CoRELinkAttribute] {
            (c.attributes[p]?.values ?? [:]).sorted { $0.key < $1.key }.map {
                CoRELinkAttribute(name: $0.key, value: $0.value == $0.value.rounded() ? String(Int64($0.value)) : String($0.value))
            }
        }
        if path.level == .root {
            // Bootstrap-Discover (LwM2M 1.1 §5.2.7.1).
            links.append(CoRELink(target: "/", attributes: [CoRELinkAttribute(name: "lwm2m", value: "1.1")]))
            for o in c.tree.objects.keys.sorted() {
                let instances = c.tree.objects[o] ?? [:]
                if instances.isEmpty { links.append(CoRELink(target: "/\(o)")) }
                for i in instances.keys.sorted() { links.append(CoRELink(target: "/\(o)/\(i)")) }
            }
        } else {
            let o = path.ids[0]
            if path.level == .object {
                var objectAttributes = attributes(path)
                if let version = model.object(o)?.objectVersion, version != "1.0" {
                    objectAttributes.insert(CoRELinkAttribute(name: "ver", value: version), at: 0)
                }
                links.append(CoRELink(target: "/\(o)", attributes: objectAttributes))
            }
            let instances = c.tree.objects[o] ?? [:]
            for i in (path.instanceID.map { [$0] } ?? instances.keys.sorted()) {
                let instancePath = LwM2MPath(object: o, instance: i)
                if path.level <= .objectInstance { links.append(CoRELink(target: "\(instancePath)", attributes: attributes(instancePath))) }
                let resources = instances[i] ?? [:]
                for r in (path.resourceID.map { [$0] } ?? resources.keys.sorted()) {
                    let resourcePath = LwM2MPath(object: o, instance: i, resource: r)
                    var resourceAttributes = attributes(resourcePath)
                    if case .multiple(let values)? = resources[r] {
                        resourceAttributes.insert(CoRELinkAttribute(name: "dim", value: String(values.count)), at: 0)
                    }
                    links.append(CoRELink(target: "\(resourcePath)", attributes: resourceAttributes))
                }
            }
        }
        var response = CoAPResponse(.content, payload: Array(CoRELinkFormat.render(links).utf8))
        response.options.contentFormat = ContentFormat.linkFormat.rawValue
        return response
    }

    private func writeAttributes(_ c: inout Contents, path: LwM2MPath, query: [String]) -> CoAPResponse {
        guard path.level != .root, c.tree.contains(path) else { return CoAPResponse(.notFound) }
        var stored = c.attributes[path] ?? StoredAttributes()
        if let problem = stored.apply(query: query) { return CoAPResponse(.badRequest, text: problem) }
        c.attributes[path] = stored
        return CoAPResponse(.changed)
    }

    // MARK: Write, create, delete, execute

    /// Converts a decoded value to the model's type where the format could not tell (JSON numbers).
    private func coerce(_ value: ResourceValue, to type: ResourceType) -> ResourceValue? {
        if value.type == type { return value }
        switch (value, type) {
        case (.integer(let n), .float): return .float(Double(n))
        case (.integer(let n), .time): return .time(n)
        case (.integer(let n), .unsignedInteger) where n >= 0: return .unsignedInteger(UInt64(n))
        case (.unsignedInteger(let n), .integer) where n <= UInt64(Int64.max): return .integer(Int64(n))
        case (.string(let s), .corelnk): return .corelnk(s)
        default: return nil
        }
    }

    private func decode(_ context: CoAPRequestContext, at path: LwM2MPath) -> Result<LwM2MNodes, Refusal> {
        let number = context.message.options.contentFormat ?? ContentFormat.text.rawValue
        guard let format = ContentFormat(rawValue: number), format != .linkFormat else {
            return .failure(Refusal(.unsupportedContentFormat))
        }
        do {
            return .success(try LwM2MCodec.decode(context.payload, format: format, path: path, types: model.typeLookup))
        } catch {
            return .failure(Refusal(.badRequest, text: "\(error)"))
        }
    }

    /// Checks every value is a known, writable resource of the right type; returns the values by resource.
    private func checked(_ nodes: LwM2MNodes, bootstrapping: Bool) -> Result<[LwM2MPath: ResourceContent], Refusal> {
        var typed = LwM2MNodes()
        for (path, value) in nodes.values {
            let resourcePath = path.level == .resourceInstance ? path.parent : path
            guard let definition = model.resource(at: resourcePath) else {
                return .failure(Refusal(.notFound, text: "\(resourcePath) is not a resource of this object"))
            }
            if !bootstrapping, !definition.isWritable {
                return .failure(Refusal(.methodNotAllowed, text: "\(definition.name) (\(resourcePath)) is not writable"))
            }
            guard let converted = coerce(value, to: definition.type) else {
                return .failure(Refusal(.badRequest, text: "\(definition.name) (\(resourcePath)) takes \(definition.type.rawValue), not \(value.type.rawValue)"))
            }
            typed.values[path] = converted
        }
        return .success(ObjectTree.contents(of: typed))
    }

    private func write(_ c: inout Contents, path: LwM2MPath, context: CoAPRequestContext, replace: Bool, now: Date, signals: inout [DeviceSignal]) -> CoAPResponse {
        guard path.level != .root else { return CoAPResponse(.methodNotAllowed) }
        if !c.bootstrapping {
            guard c.tree.contains(path.level == .resourceInstance ? path.parent.parent : (path.level == .resource ? path.parent : path)) else {
                return CoAPResponse(.notFound)
            }
        }
        let nodes: LwM2MNodes
        switch decode(context, at: path) {
        case .failure(let refusal): return refusal.response
        case .success(let found): nodes = found
        }
        let values: [LwM2MPath: ResourceContent]
        switch checked(nodes, bootstrapping: c.bootstrapping) {
        case .failure(let refusal): return refusal.response
        case .success(let found): values = found
        }
        if c.bootstrapping, replace, path.level == .objectInstance, path.objectID == 0 || path.objectID == 1 {
            // A bootstrap write of a whole instance defines it anew.
            c.tree.objects[path.ids[0], default: [:]][path.ids[1]] = [:]
        }
        var created = false
        for (resourcePath, content) in values {
            let o = resourcePath.ids[0], i = resourcePath.ids[1], r = resourcePath.ids[2]
            if o == 5, i == 0, r == 0 {
                // The Package is write-only: it goes to the state machine, not into the tree.
                guard case .single(.opaque(let bytes)) = content else { return CoAPResponse(.badRequest, text: "the Package is opaque") }
                if let refusal = c.firmware.packageWritten(bytes, tree: &c.tree) { return CoAPResponse(.methodNotAllowed, text: refusal) }
                continue
            }
            if c.tree.objects[o]?[i] == nil { created = true }
            if !replace, case .multiple(let added) = content, case .multiple(var existing)? = c.tree.objects[o]?[i]?[r] {
                existing.merge(added) { _, new in new }
                c.tree.objects[o, default: [:]][i, default: [:]][r] = .multiple(existing)
            } else if path.level == .resourceInstance, case .multiple(let added) = content, case .multiple(var existing)? = c.tree.objects[o]?[i]?[r] {
                existing.merge(added) { _, new in new }
                c.tree.objects[o, default: [:]][i, default: [:]][r] = .multiple(existing)
            } else {
                c.tree.objects[o, default: [:]][i, default: [:]][r] = content
            }
            if o == 5, i == 0, r == 1, case .single(.string(let uri)) = content,
               let download = c.firmware.uriWritten(uri, tree: &c.tree) {
                signals.append(.firmwareDownload(download))
            }
        }
        if created, !c.bootstrapping { signals.append(.objectsChanged) }
        return CoAPResponse(.changed)
    }

    private func create(_ c: inout Contents, path: LwM2MPath, context: CoAPRequestContext, signals: inout [DeviceSignal]) -> CoAPResponse {
        let o = path.ids[0]
        guard let definition = model.object(o) else { return CoAPResponse(.notFound) }
        let existing = c.tree.objects[o] ?? [:]
        if !definition.isMultiple, !existing.isEmpty, !c.bootstrapping {
            return CoAPResponse(.badRequest, text: "\(definition.name) has a single instance")
        }
        // A body may name its instance (TLV instance entry, SenML names "i/r") or not.
        var nodes: LwM2MNodes
        switch decode(context, at: path) {
        case .success(let found) where !found.values.isEmpty: nodes = found
        default:
            let newID = (existing.keys.max() ?? UInt16.max) &+ 1
            guard let instancePath = path.appending(newID) else { return CoAPResponse(.badRequest) }
            switch decode(context, at: instancePath) {
            case .failure(let refusal): return refusal.response
            case .success(let found): nodes = found
            }
        }
        let instanceIDs = Set(nodes.values.keys.compactMap(\.instanceID))
        guard instanceIDs.count <= 1 else { return CoAPResponse(.badRequest, text: "create one instance at a time") }
        let instanceID = instanceIDs.first ?? ((existing.keys.max() ?? UInt16.max) &+ 1)
        guard existing[instanceID] == nil else { return CoAPResponse(.badRequest, text: "instance \(o)/\(instanceID) exists") }
        let values: [LwM2MPath: ResourceContent]
        // Create may set resources the server cannot write later (LwM2M 1.1 §5.4.5).
        switch checked(nodes, bootstrapping: true) {
        case .failure(let refusal): return refusal.response
        case .success(let found): values = found
        }
        var resources: [UInt16: ResourceContent] = [:]
        for (resourcePath, content) in values { resources[resourcePath.ids[2]] = content }
        c.tree.objects[o, default: [:]][instanceID] = resources
        signals.append(.objectsChanged)
        var response = CoAPResponse(.created)
        response.options.locationPath = [String(o), String(instanceID)]
        return response
    }

    private func delete(_ c: inout Contents, path: LwM2MPath, signals: inout [DeviceSignal]) -> CoAPResponse {
        if c.bootstrapping {
            // Bootstrap-Delete: "/" or an object or instance of 0/1; the bootstrap account stays.
            let targets: [UInt16] = path.level == .root ? [0, 1] : [path.ids[0]]
            guard path.level <= .objectInstance else { return CoAPResponse(.badRequest) }
            for o in targets {
                for (i, resources) in c.tree.objects[o] ?? [:] where path.instanceID == nil || path.instanceID == i {
                    if o == 0, case .single(.boolean(true))? = resources[1] { continue }
                    c.tree.objects[o]?[i] = nil
                }
            }
            return CoAPResponse(.deleted)
        }
        guard path.level == .objectInstance else { return CoAPResponse(.methodNotAllowed, text: "delete takes an object instance") }
        guard c.tree.contains(path) else { return CoAPResponse(.notFound) }
        if [0, 1, 3].contains(path.ids[0]) { return CoAPResponse(.methodNotAllowed, text: "\(path) cannot be deleted") }
        c.tree.objects[path.ids[0]]?[path.ids[1]] = nil
        c.observations = c.observations.filter { !$0.value.path.isDescendant(of: path) }
        signals.append(.objectsChanged)
        return CoAPResponse(.deleted)
    }

    private func execute(_ c: inout Contents, path: LwM2MPath, now: Date, signals: inout [DeviceSignal]) -> CoAPResponse {
        guard c.tree.contains(path.parent) else { return CoAPResponse(.notFound) }
        switch path.ids {
        case [3, 0, 4]: signals.append(.reboot)
        case [3, 0, 12]: c.tree.objects[3]?[0]?[11] = .multiple([0: .integer(0)])
        case [1, 0, 8]: signals.append(.registrationUpdate)
        case [1, 0, 9]: signals.append(.bootstrapRequest)
        case [5, 0, 2]:
            if let refusal = c.firmware.update(tree: &c.tree, now: now) { return CoAPResponse(.methodNotAllowed, text: refusal) }
        case [3303, 0, 5605]:
            if let value = c.tree.value(LwM2MPath(object: 3303, instance: 0, resource: 5700)) {
                c.tree.set(3303, 0, 5601, value)
                c.tree.set(3303, 0, 5602, value)
            }
        default: break
        }
        return CoAPResponse(.changed)
    }

    // MARK: Observe

    /// The attribute `name` for `path`: set on the path, its instance or object, else the server default.
    private func attribute(_ name: String, for path: LwM2MPath, in c: Contents) -> Double? {
        var current = path
        while current.level != .root {
            if let value = c.attributes[current]?.values[name] { return value }
            current = current.parent
        }
        switch name {
        case "pmin": if case .integer(let n)? = c.tree.value(LwM2MPath(object: 1, instance: 0, resource: 2)) { return Double(n) }
        case "pmax": if case .integer(let n)? = c.tree.value(LwM2MPath(object: 1, instance: 0, resource: 3)) { return Double(n) }
        default: break
        }
        return nil
    }

    private static func number(_ nodes: LwM2MNodes, at path: LwM2MPath) -> Double? {
        switch nodes.values[path] {
        case .float(let v)?: v
        case .integer(let v)?: Double(v)
        case .unsignedInteger(let v)?: Double(v)
        default: nil
        }
    }

    /// Sends the notifications that are due (value changed past pmin and the step/threshold
    /// conditions, or pmax elapsed); returns how many went out.
    @discardableResult
    func notifyDue() -> Int {
        if control.isAsleep { return 0 }
        let now = clock.now()
        var sent: [(ObservationKey, CoAPMessage, LwM2MPath)] = []
        contents.withLock { c in
            advance(&c, now: now)
            for (key, var observation) in c.observations {
                guard case .success(let nodes) = readNodes(c, path: observation.path) else {
                    c.observations[key] = nil
                    continue
                }
                let elapsed = now.timeIntervalSince(observation.lastSent)
                let pmin = attribute("pmin", for: observation.path, in: c) ?? 0
                let pmax = attribute("pmax", for: observation.path, in: c)
                var changed = nodes != observation.lastNodes
                if changed, let new = Self.number(nodes, at: observation.path), let old = Self.number(observation.lastNodes, at: observation.path) {
                    let st = attribute("st", for: observation.path, in: c)
                    let gt = attribute("gt", for: observation.path, in: c)
                    let lt = attribute("lt", for: observation.path, in: c)
                    if st != nil || gt != nil || lt != nil {
                        let stepped = st.map { abs(new - old) >= $0 } ?? false
                        let crossedGT = gt.map { (old <= $0) != (new <= $0) } ?? false
                        let crossedLT = lt.map { (old < $0) != (new < $0) } ?? false
                        changed = stepped || crossedGT || crossedLT
                    }
                }
                let due = (changed && elapsed >= pmin) || (pmax.map { $0 > 0 && $0 >= pmin && elapsed >= $0 } ?? false)
                guard due, let payload = try? LwM2MCodec.encode(nodes, format: observation.format, path: observation.path) else { continue }
                observation.sequence &+= 1
                observation.lastNodes = nodes
                observation.lastSent = now
                c.observations[key] = observation
                var options = CoAPOptions()
                options.observe = observation.sequence & 0xFFFFFF
                options.contentFormat = observation.format.rawValue
                let message = CoAPMessage(type: .nonConfirmable, code: .content, messageID: 0, token: key.token, options: options, payload: payload)
                sent.append((key, message, observation.path))
            }
        }
        for (key, message, path) in sent {
            control.enqueueNotification(message, to: key.peer)
            report(DeviceEvent(endpoint: endpointName, kind: .notification, detail: "\(path)"))
        }
        return sent.count
    }

    /// Ends an observation (the observer answered a notification with RST).
    func cancelObservation(peer: SocketAddress, token: CoAPToken) {
        contents.withLock { c in _ = c.observations.removeValue(forKey: ObservationKey(peer: peer, token: token)) }
        control.hasObservers = observationCount > 0
    }

    /// Forgets every observation (new registration: observers must observe again).
    func dropObservations() {
        contents.withLock { $0.observations.removeAll() }
        control.hasObservers = false
    }
}
