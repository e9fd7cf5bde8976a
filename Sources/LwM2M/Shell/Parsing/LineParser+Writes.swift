/// The verbs that carry values: write, writep, cwrite, writeb, create.
extension LineParser {
    /// The value text after the path: one quoted token is unquoted, anything else is taken as
    /// typed (so `write /3/0/15 Europe/Berlin` needs no quotes).
    func valueText(from index: Int) -> String? {
        guard index < arguments.count else { return nil }
        if arguments.count == index + 1, arguments[index].text.first == "\"" {
            return ShellTokenizer.unquote(arguments[index].text)
        }
        return rest(from: index)
    }

    func json(_ text: String, what: String) throws(ShellCommandError) -> JSONValue {
        switch JSONValue.parse(text) {
        case .success(let value): return value
        case .failure(let failure): throw fail("\(what): not valid JSON (\(failure.message))")
        }
    }

    func jsonObject(_ text: String, what: String, example: String = #"{"1":300}"#) throws(ShellCommandError) -> [String: JSONValue] {
        guard case .object(let object) = try json(text, what: what) else {
            throw fail("\(what): expected a JSON object such as \(example)")
        }
        return object
    }

    /// A typed value for one resource (instance) path, with the error naming path and resource.
    func value(_ json: JSONValue, at path: LwM2MPath) throws(ShellCommandError) -> ResourceValue {
        let resource = model.resource(at: path)
        do {
            return try ResourceValueParser.value(from: json, for: resource)
        } catch {
            throw fail("\(label(path)): \(error.message)")
        }
    }

    func value(_ text: String, at path: LwM2MPath) throws(ShellCommandError) -> ResourceValue {
        let resource = model.resource(at: path)
        do {
            return try ResourceValueParser.parse(text, for: resource)
        } catch {
            throw fail("\(label(path)): \(error.message)")
        }
    }

    /// `/3/0/9 Battery Level (Integer)`, or the bare path for a resource the model lacks.
    func label(_ path: LwM2MPath) -> String {
        guard let resource = model.resource(at: path) else { return "\(path)" }
        if resource.type == .none { return "\(path) \(resource.name)" }
        return "\(path) \(resource.name) (\(resource.type.rawValue))"
    }

    /// Values for a multiple-instance resource from `[v0, v1]` or `{"ri": v}`.
    func instanceValues(_ json: JSONValue, resourcePath: LwM2MPath) throws(ShellCommandError) -> [LwM2MPath: ResourceValue] {
        var values: [LwM2MPath: ResourceValue] = [:]
        switch json {
        case .array(let items):
            for (offset, item) in items.enumerated() {
                guard let path = resourcePath.appending(UInt16(clamping: offset)) else { continue }
                values[path] = try value(item, at: path)
            }
        case .object(let members):
            for (key, item) in members {
                guard let id = UInt16(key), let path = resourcePath.appending(id) else {
                    throw fail("'\(key)' is not a resource instance ID (0–65534) under \(resourcePath)")
                }
                values[path] = try value(item, at: path)
            }
        default:
            throw fail("\(label(resourcePath)) is a multiple-instance resource; give [v0,v1,…] or {\"ri\":v,…}")
        }
        return values
    }

    /// Values for the resources of an object instance from `{"r": v, "r": [..], "r/ri": v}`.
    func resourceValues(_ members: [String: JSONValue], instancePath: LwM2MPath, needing operation: ResourceOperations?) throws(ShellCommandError) -> [LwM2MPath: ResourceValue] {
        var values: [LwM2MPath: ResourceValue] = [:]
        for (key, item) in members {
            let ids = key.split(separator: "/", omittingEmptySubsequences: false).map { UInt16($0) }
            guard (1...2).contains(ids.count), !ids.contains(nil),
                  let path = LwM2MPath(instancePath.ids + ids.compactMap { $0 }) else {
                throw fail("'\(key)' is not a resource ID (or resourceID/instanceID) under \(instancePath)")
            }
            let resourcePath = ids.count == 2 ? path.parent : path
            if let operation { try require(operation, at: path) }
            let resource = model.resource(at: resourcePath)
            if resource?.type == ResourceType.none {
                throw fail("\(label(resourcePath)) is executable and holds no value")
            }
            if ids.count == 1, resource?.isMultiple == true || (resource == nil && item.isContainer) {
                values.merge(try instanceValues(item, resourcePath: path)) { _, new in new }
            } else {
                values[path] = try value(item, at: path)
            }
        }
        return values
    }

    // MARK: write

    func write() throws(ShellCommandError) -> ShellCommand {
        guard let first = arguments.first else { throw fail("a path and a value are missing") }
        let target = try path(first, levels: [.objectInstance, .resource, .resourceInstance], needing: nil)
        guard let text = valueText(from: 1) else { throw fail("a value is missing after \(target)") }
        switch target.level {
        case .objectInstance:
            let members = try jsonObject(text, what: "the values for \(target)")
            return .write(target, LwM2MNodes(try resourceValues(members, instancePath: target, needing: .write)))
        case .resource where model.resource(at: target)?.isMultiple == true:
            try require(.write, at: target)
            return .write(target, LwM2MNodes(try instanceValues(try json(text, what: "the values for \(target)"), resourcePath: target)))
        default:
            try require(.write, at: target)
            return .write(target, LwM2MNodes([target: try value(text, at: target)]))
        }
    }

    // MARK: writep

    func partialWrite() throws(ShellCommandError) -> ShellCommand {
        guard let first = arguments.first else { throw fail("a path and a JSON object are missing") }
        let target = try path(first, levels: [.objectInstance, .resource], needing: nil)
        guard let text = valueText(from: 1) else { throw fail("a JSON object of values is missing after \(target)") }
        if target.level == .objectInstance {
            let members = try jsonObject(text, what: "the values for \(target)")
            guard !members.isEmpty else { throw fail("the JSON object is empty; nothing to update") }
            return .partialWrite(target, LwM2MNodes(try resourceValues(members, instancePath: target, needing: .write)))
        }
        try require(.write, at: target)
        if let resource = model.resource(at: target), !resource.isMultiple {
            throw fail("\(label(target)) is a single-instance resource; use write \(target) VALUE")
        }
        return .partialWrite(target, LwM2MNodes(try instanceValues(try json(text, what: "the values for \(target)"), resourcePath: target)))
    }

    // MARK: cwrite

    func compositeWriteValues() throws(ShellCommandError) -> LwM2MNodes {
        guard !arguments.isEmpty else { throw fail("a JSON object of paths and values is missing") }
        let members = try jsonObject(rest(from: 0), what: "the composite values", example: #"{"/1/0/1":300}"#)
        guard !members.isEmpty else { throw fail("the JSON object is empty; nothing to write") }
        var values: [LwM2MPath: ResourceValue] = [:]
        for (key, item) in members {
            let target = try path(key, levels: [.resource, .resourceInstance], needing: .write)
            if target.level == .resource, model.resource(at: target)?.isMultiple == true {
                values.merge(try instanceValues(item, resourcePath: target)) { _, new in new }
            } else {
                values[target] = try value(item, at: target)
            }
        }
        return LwM2MNodes(values)
    }

    // MARK: writeb

    func binaryWrite() throws(ShellCommandError) -> ShellCommand {
        guard let first = arguments.first else { throw fail("a path and hex data are missing") }
        let target = try path(first, levels: [.resource, .resourceInstance], needing: .write)
        if let resource = model.resource(at: target), resource.type != .opaque {
            throw fail("\(label(target)) is not Opaque; writeb sends raw bytes (use write for other types)")
        }
        guard arguments.count >= 2 else { throw fail("hex data is missing after \(target)") }
        guard arguments.count == 2 else { throw fail("the hex data must be one word without spaces") }
        let hex = ShellTokenizer.unquote(arguments[1].text)
        guard let bytes = HexBytes.parse(hex) else {
            throw fail("'\(hex)' is not hex data (an even number of hex digits such as 0a1bff)")
        }
        return .binaryWrite(target, bytes)
    }

    // MARK: create

    func create() throws(ShellCommandError) -> CreateRequest {
        guard let first = arguments.first else { throw fail("an object path is missing") }
        let target = try path(first, levels: [.object, .objectInstance], needing: nil)
        guard let objectID = target.objectID else { throw fail("an object path is missing") }
        // The resource values are typed under a stand-in instance path; only IDs are kept.
        let instancePath = LwM2MPath(object: objectID, instance: target.instanceID ?? 0)
        var resources: [UInt16: ResourceContent] = [:]
        if let text = valueText(from: 1) {
            let members = try jsonObject(text, what: "the initial values")
            let values = try resourceValues(members, instancePath: instancePath, needing: nil)
            for (path, value) in values {
                guard let resourceID = path.resourceID else { continue }
                if let instance = path.resourceInstanceID {
                    var instances: [UInt16: ResourceValue] = [:]
                    if case .multiple(let existing) = resources[resourceID] { instances = existing }
                    instances[instance] = value
                    resources[resourceID] = .multiple(instances)
                } else {
                    resources[resourceID] = .single(value)
                }
            }
        }
        return CreateRequest(objectID: objectID, instanceID: target.instanceID, resources: resources)
    }
}
