/// Encodes and decodes LwM2M payloads in every content format LwM2M uses.
///
/// Decoded values are keyed by full path (`/o/i/r` or `/o/i/r/ri`). Formats that carry no types
/// (TLV, text/plain) ask `types` for the type of each resource (always with the resource path
/// `/o/i/r`, also for a resource instance); a resource it does not know stays `.opaque(bytes)`.
/// Self-describing formats (JSON, SenML, CBOR) use `types` to refine numbers (integer vs time vs
/// float), strings (object links, core links) and base64 (opaque in LwM2M JSON).
public enum LwM2MCodec {
    /// Decodes `payload` in `format`, as the answer to a request on `path`.
    public static func decode(_ payload: [UInt8], format: ContentFormat, path: LwM2MPath, types: ResourceTypeLookup) throws(LwM2MDecodeError) -> LwM2MNodes {
        switch format {
        case .text, .opaque, .cbor, .linkFormat:
            guard path.level >= .resource else {
                throw LwM2MDecodeError(byteOffset: nil, reason: "\(format.mediaType) carries one resource value; the path \(path) must name a resource (/o/i/r) or resource instance")
            }
            let type = types(NodeLayout.resourcePath(of: path))
            let value: ResourceValue
            switch format {
            case .text: value = try PlainTextCodec.decode(payload, type: type, path: path)
            case .cbor: value = try CBORSingleValueCodec.decode(payload, type: type)
            case .linkFormat:
                guard let text = String(validating: payload, as: UTF8.self) else {
                    throw LwM2MDecodeError(byteOffset: PlainTextCodec.firstInvalidUTF8Offset(payload), reason: "link-format payload is not valid UTF-8")
                }
                value = .corelnk(text)
            default: value = .opaque(payload)
            }
            return LwM2MNodes([path: value])
        case .tlv, .legacyTLV:
            return try TLVCodec.decode(payload, path: path, types: types)
        case .lwm2mJSON, .legacyLwM2MJSON:
            return try LwM2MJSONCodec.decode(payload, path: path, types: types)
        case .senmlJSON:
            return try SenMLResolver.nodes(try SenMLJSONCodec.records(payload), path: path, types: types)
        case .senmlCBOR:
            return try SenMLResolver.nodes(try SenMLCBORCodec.records(payload), path: path, types: types)
        }
    }

    /// Encodes `nodes` in `format` as the payload for `path` (every value must lie at or below it).
    public static func encode(_ nodes: LwM2MNodes, format: ContentFormat, path: LwM2MPath) throws(LwM2MEncodeError) -> [UInt8] {
        switch format {
        case .text, .opaque, .cbor, .linkFormat:
            guard nodes.values.count == 1, let value = nodes.values[path] else {
                throw LwM2MEncodeError(reason: "\(format.mediaType) carries exactly one value, at the target path \(path) (got \(nodes.values.count) value(s)\(nodes.values[path] == nil ? ", none at \(path)" : ""))")
            }
            guard path.level >= .resource else {
                throw LwM2MEncodeError(reason: "\(format.mediaType) needs a resource or resource-instance path, not \(path)")
            }
            switch format {
            case .text: return PlainTextCodec.encode(value)
            case .cbor: return CBORSingleValueCodec.encode(value)
            case .opaque:
                guard case .opaque(let bytes) = value else {
                    throw LwM2MEncodeError(reason: "application/octet-stream carries opaque values only; \(path) is \(value.type.rawValue)")
                }
                return bytes
            default:
                guard case .corelnk(let text) = value else {
                    throw LwM2MEncodeError(reason: "application/link-format carries core links only; \(path) is \(value.type.rawValue)")
                }
                return Array(text.utf8)
            }
        case .tlv, .legacyTLV:
            return try TLVCodec.encode(nodes, path: path)
        case .lwm2mJSON, .legacyLwM2MJSON:
            return try LwM2MJSONCodec.encode(nodes, path: path)
        case .senmlJSON:
            return try SenMLJSONCodec.encode(nodes, path: path)
        case .senmlCBOR:
            return try SenMLCBORCodec.encode(nodes, path: path)
        }
    }

    /// Encodes the body of a Read-Composite or Observe-Composite request: the paths as SenML
    /// records without values (SenML JSON or SenML CBOR only).
    public static func encodeCompositePaths(_ paths: [LwM2MPath], format: ContentFormat) throws(LwM2MEncodeError) -> [UInt8] {
        switch format {
        case .senmlJSON: return SenMLJSONCodec.encode(paths: paths)
        case .senmlCBOR: return SenMLCBORCodec.encode(paths: paths)
        default: throw LwM2MEncodeError(reason: "a composite request lists paths in SenML JSON or SenML CBOR, not \(format.mediaType)")
        }
    }

    /// Decodes the body of a Read-Composite or Observe-Composite request into its paths.
    public static func decodeCompositePaths(_ payload: [UInt8], format: ContentFormat) throws(LwM2MDecodeError) -> [LwM2MPath] {
        switch format {
        case .senmlJSON: return try SenMLResolver.paths(try SenMLJSONCodec.records(payload))
        case .senmlCBOR: return try SenMLResolver.paths(try SenMLCBORCodec.records(payload))
        default: throw LwM2MDecodeError(byteOffset: nil, reason: "a composite request lists paths in SenML JSON or SenML CBOR, not \(format.mediaType)")
        }
    }
}
