import CoAP
import LwM2M

/// Turns a parsed shell command into its CoAP request (SPEC §5): method, Uri-Path, Accept chosen
/// for the device, payload encoded with `LwM2MCodec`.
struct OperationRequestBuilder: Sendable {
    /// The device's formats.
    var formats: ContentFormatChoice
    /// How `writeb` bytes travel (the device's `binaryDeliveryEncoding`).
    var binaryEncoding: BinaryDeliveryEncoding = .opaque

    /// The request for a command; throws a message for the operator when it cannot be built.
    func plan(_ command: ShellCommand) throws(EngineError) -> PlannedRequest {
        switch command {
        case .read(let path):
            return exchange(.get, path, accept: formats.format(for: path))
        case .observe(let path):
            var plan = exchange(.get, path, accept: formats.format(for: path))
            plan.request.options.setUInt(CoAPOptionNumber.observe, 0)
            plan.kind = .observe(key: Self.observationKey([path]))
            return plan
        case .compositeRead(let paths):
            return try composite(.fetch, paths, observe: false)
        case .compositeObserve(let paths):
            return try composite(.fetch, paths, observe: true)
        case .cancelObservation(let path):
            var plan = exchange(.get, path, accept: formats.format(for: path))
            plan.kind = .cancelObservation(key: Self.observationKey([path]), actively: false)
            return plan
        case .cancelObserve(let path):
            var plan = exchange(.get, path, accept: formats.format(for: path))
            plan.request.options.setUInt(CoAPOptionNumber.observe, 1)
            plan.kind = .cancelObservation(key: Self.observationKey([path]), actively: true)
            return plan
        case .cancelCompositeObserve(let paths):
            var plan = try composite(.fetch, paths, observe: false)
            plan.request.options.setUInt(CoAPOptionNumber.observe, 1)
            plan.kind = .cancelObservation(key: Self.observationKey(paths), actively: true)
            return plan
        case .execute(let path, let arguments):
            let text = ExecuteArgument.payload(arguments)
            return exchange(.post, path, contentFormat: text.isEmpty ? nil : .text, payload: Array(text.utf8))
        case .executeLegacy(let path, let payload):
            return exchange(.post, path, contentFormat: payload.isEmpty ? nil : .text, payload: Array(payload.utf8))
        case .write(let path, let nodes):
            let format = formats.format(for: path)
            return exchange(.put, path, contentFormat: format, payload: try encode(nodes, format, path))
        case .partialWrite(let path, let nodes):
            let format = formats.format(for: path.level >= .resource && nodes.values.count > 1 ? path.parent : path)
            let chosen = format == .text || format == .opaque || format == .cbor ? formats.structured : format
            return exchange(.post, path, contentFormat: chosen, payload: try encode(nodes, chosen, path))
        case .compositeWrite(let nodes):
            let format = formats.senml
            var plan = exchange(.iPatch, .root, contentFormat: format, payload: try encode(nodes, format, .root))
            plan.decodePath = .root
            return plan
        case .binaryWrite(let path, let bytes):
            return exchange(.put, path, contentFormat: binaryEncoding.contentFormat, payload: try binaryEncoding.payload(bytes, path: path))
        case .delete(let path):
            return exchange(.delete, path)
        case .discover(let path):
            return exchange(.get, path, accept: .linkFormat)
        case .create(let create):
            return try createRequest(create)
        case .writeAttributes(let path, let attributes):
            var plan = exchange(.put, path)
            plan.request.options.uriQuery = attributes.queryItems
            return plan
        case .coap(let raw):
            var options = CoAPOptions()
            options.uriPath = raw.uriPath
            if !raw.uriQuery.isEmpty { options.uriQuery = raw.uriQuery }
            options.contentFormat = raw.contentFormat
            options.accept = raw.accept
            let path = (try? LwM2MPath(parsing: "/" + raw.uriPath.joined(separator: "/"))) ?? .root
            return PlannedRequest(
                request: CoAPRequest(CoAPCode(rawValue: raw.method.code), options: options, payload: raw.payload),
                kind: .exchange, decodePath: path)
        case .firmwareUpdate:
            throw EngineError("fwupdate runs as a firmware-update job, not as one request")
        case .serialization:
            throw EngineError("serialization is applied by the engine, not sent to the device")
        }
    }

    /// The key observations are filed under: the sorted paths.
    static func observationKey(_ paths: [LwM2MPath]) -> String {
        paths.sorted().map(\.description).joined(separator: ",")
    }

    private func exchange(
        _ method: CoAPCode, _ path: LwM2MPath, accept: ContentFormat? = nil, contentFormat: ContentFormat? = nil,
        payload: [UInt8] = []
    ) -> PlannedRequest {
        var options = CoAPOptions()
        if !path.uriPathSegments.isEmpty { options.uriPath = path.uriPathSegments }
        if let contentFormat { options.contentFormat = contentFormat.rawValue }
        if let accept { options.accept = accept.rawValue }
        return PlannedRequest(request: CoAPRequest(method, options: options, payload: payload), kind: .exchange, decodePath: path)
    }

    private func composite(_ method: CoAPCode, _ paths: [LwM2MPath], observe: Bool) throws(EngineError) -> PlannedRequest {
        let format = formats.senml
        let body: [UInt8]
        do { body = try LwM2MCodec.encodeCompositePaths(paths, format: format) } catch {
            throw EngineError("cannot encode the composite paths as \(format): \(error)")
        }
        var plan = exchange(method, .root, accept: format, contentFormat: format, payload: body)
        if observe {
            plan.request.options.setUInt(CoAPOptionNumber.observe, 0)
            plan.kind = .observe(key: Self.observationKey(paths))
        }
        return plan
    }

    private func createRequest(_ create: CreateRequest) throws(EngineError) -> PlannedRequest {
        let objectPath = LwM2MPath(object: create.objectID)
        let instance = create.instanceID ?? 0
        var values: [LwM2MPath: ResourceValue] = [:]
        for (resource, content) in create.resources {
            let base = LwM2MPath(object: create.objectID, instance: instance, resource: resource)
            switch content {
            case .single(let value): values[base] = value
            case .multiple(let instances):
                for (ri, value) in instances {
                    values[LwM2MPath(object: create.objectID, instance: instance, resource: resource, resourceInstance: ri)] = value
                }
            }
        }
        let format = formats.structured
        // With an instance ID the payload names it (encoded at the object); without one the
        // resources go at the top level and the device picks the instance (LwM2M Core §5.4.6).
        let encodePath = create.instanceID == nil ? LwM2MPath(object: create.objectID, instance: instance) : objectPath
        let payload = try encode(LwM2MNodes(values), format, encodePath)
        return exchange(.post, objectPath, contentFormat: format, payload: payload)
    }

    private func encode(_ nodes: LwM2MNodes, _ format: ContentFormat, _ path: LwM2MPath) throws(EngineError) -> [UInt8] {
        do { return try LwM2MCodec.encode(nodes, format: format, path: path) } catch {
            throw EngineError("cannot encode the values for \(path) as \(format): \(error)")
        }
    }
}
