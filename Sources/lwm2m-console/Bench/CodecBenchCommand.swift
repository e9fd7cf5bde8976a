import ArgumentParser
import LwM2M

/// `lwm2m-console bench codecs`: encode + decode of a 100-resource object instance per format.
struct CodecBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codecs",
        abstract: "Encode+decode a 100-resource object instance in each content format; print ops/s.",
        discussion: """
        The instance cycles through every value type, every tenth resource a multiple resource \
        with three instances (120 values in all). text/plain and CBOR carry one value, so one \
        operation there is all 100 resources encoded and decoded one by one.
        """
    )

    @Option(help: "Seconds to run each format.")
    var seconds: Double = 2

    @Option(help: "Resources in the object instance.")
    var resources: Int = 100

    func run() throws {
        let nodes = CodecSamples.objectInstance(resourceCount: resources)
        let types = CodecSamples.typeLookup(for: nodes)
        let path = LwM2MPath(object: CodecSamples.sampleObjectID, instance: 0)
        print("object instance \(path): \(resources) resources, \(nodes.values.count) values; \(seconds) s per format")
        print(CodecBenchTable.column("format", 24) + CodecBenchTable.column("bytes", 8) + CodecBenchTable.column("encode/s", 12) + CodecBenchTable.column("decode/s", 12) + "encode+decode/s")
        var sink = 0
        let structured: [ContentFormat] = [.tlv, .lwm2mJSON, .senmlJSON, .senmlCBOR]
        for format in structured {
            let payload = try LwM2MCodec.encode(nodes, format: format, path: path)
            guard try LwM2MCodec.decode(payload, format: format, path: path, types: types) == nodes else {
                throw ValidationError("\(format) does not round-trip the sample; not benchmarking it")
            }
            let encode = try rate { sink &+= try LwM2MCodec.encode(nodes, format: format, path: path).count }
            let decode = try rate { sink &+= try LwM2MCodec.decode(payload, format: format, path: path, types: types).values.count }
            let both = try rate {
                let bytes = try LwM2MCodec.encode(nodes, format: format, path: path)
                sink &+= try LwM2MCodec.decode(bytes, format: format, path: path, types: types).values.count
            }
            print(CodecBenchTable.column(name(format), 24) + CodecBenchTable.column(String(payload.count), 8) + CodecBenchTable.column(CodecBenchTable.rate(encode), 12) + CodecBenchTable.column(CodecBenchTable.rate(decode), 12) + CodecBenchTable.rate(both))
        }
        for format in [ContentFormat.text, .cbor] {
            let singles = nodes.sortedPaths.compactMap { p in nodes.values[p].map { (p, LwM2MNodes([p: $0])) } }
            let payloads = try singles.map { try LwM2MCodec.encode($0.1, format: format, path: $0.0) }
            let both = try rate {
                for (p, single) in singles {
                    let bytes = try LwM2MCodec.encode(single, format: format, path: p)
                    sink &+= try LwM2MCodec.decode(bytes, format: format, path: p, types: types).values.count
                }
            }
            print(CodecBenchTable.column(name(format) + " ×\(singles.count)", 24) + CodecBenchTable.column(String(payloads.reduce(0) { $0 + $1.count }), 8) + CodecBenchTable.column("-", 12) + CodecBenchTable.column("-", 12) + CodecBenchTable.rate(both))
        }
        print("(checksum \(sink))")
    }

    private func rate(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let limit = Duration.milliseconds(Int64(seconds * 1000))
        var count = 0
        while true {
            for _ in 0..<16 { try body() }
            count += 16
            let elapsed = clock.now - start
            if elapsed >= limit {
                let (s, atto) = elapsed.components
                return Double(count) / (Double(s) + Double(atto) / 1e18)
            }
        }
    }

    private func name(_ format: ContentFormat) -> String {
        switch format {
        case .tlv: "TLV (11542)"
        case .lwm2mJSON: "LwM2M JSON (11543)"
        case .senmlJSON: "SenML JSON (110)"
        case .senmlCBOR: "SenML CBOR (112)"
        case .text: "text (0)"
        case .cbor: "CBOR (60)"
        default: format.description
        }
    }
}
