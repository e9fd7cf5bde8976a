import LwM2M

/// Picks the content format of a request (SPEC §5, §10): the device's chosen serialization,
/// else the best format it announced (SenML CBOR > SenML JSON > TLV > LwM2M JSON for 1.1; TLV
/// for 1.0). Text, opaque and CBOR only fit a single resource, so for wider paths the best
/// structured format is used instead.
struct ContentFormatChoice: Sendable, Equatable {
    /// The device's `serializationFormat` (or `serialization` command), if set.
    var serialization: ContentFormat?
    /// The formats the device announced with `ct=` in its registration.
    var announced: [ContentFormat]
    /// The LwM2M version it registered with.
    var version: String

    /// The format for a request at `path`.
    func format(for path: LwM2MPath) -> ContentFormat {
        let singleValue = path.level >= .resource
        if let serialization {
            switch serialization {
            case .text, .opaque, .cbor: if singleValue { return serialization }
            case .linkFormat: break
            default: return serialization
            }
        }
        return structured
    }

    /// The best structured (multi-value) format the device supports.
    var structured: ContentFormat {
        if version.hasPrefix("1.0") {
            return announced.contains(.legacyTLV) && !announced.contains(.tlv) ? .legacyTLV : .tlv
        }
        for candidate in [ContentFormat.senmlCBOR, .senmlJSON, .tlv, .lwm2mJSON] where announced.contains(candidate) {
            return candidate
        }
        // A 1.1 client that announced nothing: TLV is what most clients still accept.
        return .tlv
    }

    /// The SenML flavour for composite requests.
    var senml: ContentFormat {
        if let serialization, serialization == .senmlCBOR || serialization == .senmlJSON { return serialization }
        return announced.contains(.senmlCBOR) ? .senmlCBOR : .senmlJSON
    }
}
