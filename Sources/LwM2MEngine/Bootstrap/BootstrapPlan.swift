public import LwM2M

/// The exact sequence the bootstrap server sends one device (SPEC §3): delete /0 and /1, write
/// the LwM2M server's Security instance, optionally the bootstrap server's, write the Server
/// instance, then Bootstrap-Finish. The console shows it as a preview before the device asks.
public struct BootstrapPlan: Sendable, Equatable {
    /// One request of the sequence.
    public enum Step: Sendable, Equatable, CustomStringConvertible {
        /// `DELETE path`.
        case delete(LwM2MPath)
        /// `PUT path` with these values (replace the instance).
        case write(LwM2MPath, LwM2MNodes)
        /// `POST /bs` (Bootstrap-Finish).
        case finish

        public var description: String {
            switch self {
            case .delete(let p): "DELETE \(p)"
            case .write(let p, let nodes): "WRITE \(p) (\(nodes.values.count) resources)"
            case .finish: "POST /bs (Bootstrap-Finish)"
            }
        }
    }

    /// The steps in the order they are sent.
    public let steps: [Step]

    /// Builds the plan for one device.
    public init(_ s: BootstrapSettings) {
        var steps: [Step] = [.delete(LwM2MPath(object: 0)), .delete(LwM2MPath(object: 1))]
        let serverInstance = s.securityInstanceOffset
        steps.append(.write(LwM2MPath(object: 0, instance: serverInstance), Self.securityInstance(
            instance: serverInstance, uri: s.serverURI, bootstrap: false, mode: s.securityMode,
            identity: s.pskIdentity, key: s.pskKey, serverPublicKey: s.serverPublicKey,
            shortServerID: s.shortServerID)))
        if s.generateBootstrapServerConfig, let uri = s.bootstrapServerURI, serverInstance < 65534 {
            let bsInstance = serverInstance + 1
            steps.append(.write(LwM2MPath(object: 0, instance: bsInstance), Self.securityInstance(
                instance: bsInstance, uri: uri, bootstrap: true, mode: s.securityMode,
                identity: s.bootstrapPskIdentity, key: s.bootstrapPskKey, serverPublicKey: nil,
                shortServerID: s.bootstrapShortServerID > 0 ? s.bootstrapShortServerID : nil)))
        }
        var server: [LwM2MPath: ResourceValue] = [:]
        func put(_ r: UInt16, _ v: ResourceValue?) {
            if let v { server[LwM2MPath(object: 1, instance: 0, resource: r)] = v }
        }
        put(0, .integer(s.shortServerID))
        put(1, .integer(s.lifetime))
        put(2, s.defaultMinimumPeriod.map { .integer($0) })
        put(3, s.defaultMaximumPeriod.map { .integer($0) })
        put(5, s.disableTimeout.map { .integer($0) })
        put(6, .boolean(s.notificationStoringWhenDisabled ?? true))
        put(7, .string(s.binding))
        steps.append(.write(LwM2MPath(object: 1, instance: 0), LwM2MNodes(server)))
        steps.append(.finish)
        self.steps = steps
    }

    private static func securityInstance(
        instance: UInt16, uri: String, bootstrap: Bool, mode: BootstrapSettings.SecurityMode,
        identity: String?, key: [UInt8]?, serverPublicKey: [UInt8]?, shortServerID: Int64?
    ) -> LwM2MNodes {
        var v: [LwM2MPath: ResourceValue] = [:]
        func put(_ r: UInt16, _ value: ResourceValue) { v[LwM2MPath(object: 0, instance: instance, resource: r)] = value }
        put(0, .string(uri))
        put(1, .boolean(bootstrap))
        put(2, .integer(mode.securityObjectValue))
        if mode == .psk {
            put(3, .opaque(Array((identity ?? "").utf8)))
            put(5, .opaque(key ?? []))
        } else {
            put(3, .opaque([]))
            put(5, .opaque([]))
        }
        put(4, .opaque(serverPublicKey ?? []))
        if let shortServerID { put(10, .integer(shortServerID)) }
        return LwM2MNodes(v)
    }
}
