/// One decoder to fuzz: its name, the content format and path it decodes for, and valid seeds.
public struct CodecFuzzTarget: Sendable {
    /// A short name (`tlv`, `senml-cbor`, `link-format`, …).
    public var name: String
    /// Valid inputs to mutate.
    public var seeds: [[UInt8]]
    /// Runs the decoder on one input; true when it decoded, false when it refused the input.
    /// Either is fine: a fuzz failure is a crash, a hang or a runaway allocation.
    public var decode: @Sendable ([UInt8]) -> Bool

    /// Creates a target.
    public init(name: String, seeds: [[UInt8]], decode: @escaping @Sendable ([UInt8]) -> Bool) {
        self.name = name
        self.seeds = seeds
        self.decode = decode
    }

    /// One target per decoder: every content format of `LwM2MCodec` plus the CoRE link parser,
    /// seeded with sample payloads at object, instance, resource and resource-instance level.
    public static func all(extraSeeds: [ContentFormat: [[UInt8]]] = [:]) -> [CodecFuzzTarget] {
        let instance = CodecSamples.objectInstance(resourceCount: 20)
        let second = CodecSamples.objectInstance(resourceCount: 12, instance: 7)
        var both = instance
        both.values.merge(second.values) { a, _ in a }
        let types = CodecSamples.typeLookup(for: both)
        let object = LwM2MPath(object: CodecSamples.sampleObjectID)
        let instancePath = LwM2MPath(object: CodecSamples.sampleObjectID, instance: 0)
        let resourcePath = LwM2MPath(object: CodecSamples.sampleObjectID, instance: 0, resource: 9)

        var targets: [CodecFuzzTarget] = []
        let structured: [(String, ContentFormat)] = [("tlv", .tlv), ("lwm2m-json", .lwm2mJSON), ("senml-json", .senmlJSON), ("senml-cbor", .senmlCBOR)]
        for (name, format) in structured {
            var seeds: [[UInt8]] = []
            for (nodes, path) in [(both, object), (instance, instancePath), (instance.filtered(below: resourcePath), resourcePath)] {
                if let payload = try? LwM2MCodec.encode(nodes, format: format, path: path) { seeds.append(payload) }
            }
            seeds += extraSeeds[format] ?? []
            targets.append(CodecFuzzTarget(name: name, seeds: seeds) { input in
                // Names in JSON and SenML say where values go, so the root path accepts them all;
                // TLV needs an object path for object-instance entries, else an instance path.
                let path: LwM2MPath
                switch format {
                case .tlv: path = (input.first ?? 0) >> 6 == 0 ? object : instancePath
                default: path = .root
                }
                // Typed first; then without types, so payloads typed by another model (the specs'
                // examples) still get their structure checked.
                return (try? LwM2MCodec.decode(input, format: format, path: path, types: types)) != nil
                    || (try? LwM2MCodec.decode(input, format: format, path: path, types: { _ in nil })) != nil
            })
        }
        let single: [(String, ContentFormat)] = [("text", .text), ("cbor", .cbor)]
        for (name, format) in single {
            var seeds: [[UInt8]] = []
            for r in 0..<UInt16(9) {
                let path = LwM2MPath(object: CodecSamples.sampleObjectID, instance: 0, resource: r)
                if let value = instance.values[path], let payload = try? LwM2MCodec.encode(LwM2MNodes([path: value]), format: format, path: path) {
                    seeds.append(payload)
                }
            }
            seeds += extraSeeds[format] ?? []
            targets.append(CodecFuzzTarget(name: name, seeds: seeds) { input in
                // Decode as each of the nine value types in turn (resources 0–8 of the sample).
                var decoded = false
                for r in 0..<UInt16(9) {
                    let path = LwM2MPath(object: CodecSamples.sampleObjectID, instance: 0, resource: r)
                    if (try? LwM2MCodec.decode(input, format: format, path: path, types: types)) != nil { decoded = true }
                }
                return decoded
            })
        }
        let links = [
            #"</>;rt="oma.lwm2m";ct="60 110 112 11542 11543",</1/0>,</3/0>;ver=1.1,</5/0>,</3303/0>;ver=1.1"#,
            #"</3/0>;pmin=10;pmax=60,</3/0/7>;dim=2;gt=3.5;lt=-1;st=0.5,</3/0/13>;title="a, b; \"c\"""#,
        ].map { Array($0.utf8) }
        targets.append(CodecFuzzTarget(name: "link-format", seeds: links) { input in
            (try? CoRELinkFormat.parse(String(decoding: input, as: UTF8.self))) != nil
        })
        return targets
    }
}

extension LwM2MNodes {
    /// The values at or below `path`.
    func filtered(below path: LwM2MPath) -> LwM2MNodes {
        LwM2MNodes(values.filter { $0.key.isDescendant(of: path) })
    }
}
