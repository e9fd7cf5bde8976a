import ArgumentParser
import Foundation
import LwM2M

/// `lwm2m-console decode`: prints the values of a captured LwM2M payload, for debugging.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a captured LwM2M payload and print its values.",
        discussion: """
        Content formats: 0 text, 42 opaque, 60 CBOR, 110 SenML JSON, 112 SenML CBOR, 11542 TLV \
        (1542), 11543 LwM2M JSON (1543), 40 link format (printed link by link). TLV and text carry no types: they come from the built-in object model (plus --objects DIR); \
        for other resources give them with --type PATH=TYPE or values show as raw bytes.
        Exit status: 0 decoded, 1 the payload does not decode or the file cannot be read, 2 usage.
        """
    )

    @Option(name: .customLong("content-format"), help: "The CoAP content-format number of the payload.")
    var contentFormat: UInt16

    @Option(help: "The path the payload answers (/o, /o/i, /o/i/r or /o/i/r/ri).")
    var path: String = "/"

    @Option(name: .customLong("type"), help: ArgumentHelp("A resource's type, e.g. /3/0/9=integer (repeatable).", valueName: "PATH=TYPE"))
    var types: [String] = []

    @Flag(help: "The input is hex text (spaces, newlines and # comments allowed) rather than raw bytes.")
    var hex = false

    @Flag(help: "Print JSON instead of text columns.")
    var json = false

    @Argument(help: "The payload file, or - for standard input.")
    var file: String

    @Option(help: ArgumentHelp("A folder of OMA DDF XML files adding objects to the built-in model.", valueName: "DIR"))
    var objects: String?

    func run() throws {
        var model = ObjectModel.builtIn
        if let objects {
            do { model = model.merging(try ObjectModel.load(directory: URL(fileURLWithPath: objects))) }
            catch { throw Self.failure(error.description, status: 1) }
        }
        let modelNames: (LwM2MPath) -> String? = { model.resourceName($0) }
        let modelTypes = model.typeLookup
        guard let format = ContentFormat(rawValue: contentFormat) else {
            let known = ContentFormat.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw Self.failure("unknown content format \(contentFormat); known: \(known)", status: 2)
        }
        let target: LwM2MPath
        do { target = try LwM2MPath(parsing: path) } catch { throw Self.failure(error.description, status: 2) }
        let typeLookup = try Self.typeLookup(types, fallback: modelTypes)

        var payload: [UInt8]
        do {
            // FileHandle rather than Data(contentsOf:) so pipes and /dev/fd paths work too.
            let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file)
            guard let handle else { throw Self.failure("cannot open \(file)", status: 1) }
            payload = [UInt8](try handle.readToEnd() ?? Data())
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Self.failure("cannot read \(file): \(error.localizedDescription)", status: 1)
        }
        if hex {
            guard let bytes = Self.bytes(fromHex: String(decoding: payload, as: UTF8.self)) else {
                throw Self.failure("\(file): --hex input is not pairs of hex digits", status: 1)
            }
            payload = bytes
        }

        if format == .linkFormat {
            try printLinks(payload)
            return
        }

        let nodes: LwM2MNodes
        do {
            nodes = try LwM2MCodec.decode(payload, format: format, path: target, types: typeLookup)
        } catch {
            throw Self.failure("\(file): \(format) does not decode: \(error.description)", status: 1)
        }
        let listing = PayloadListing(nodes, names: modelNames)
        print(json ? listing.json : listing.text)
    }

    /// Prints a link-format payload (registration or Discover answer) one link per line.
    private func printLinks(_ payload: [UInt8]) throws {
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw Self.failure("\(file): link format is not valid UTF-8", status: 1)
        }
        let links: [CoRELink]
        do { links = try CoRELinkFormat.parse(text) } catch {
            throw Self.failure("\(file): \(error.description)", status: 1)
        }
        if json {
            struct LinkJSON: Encodable {
                var target: String
                var path: String?
                var attributes: [AttributeJSON]
            }
            struct AttributeJSON: Encodable {
                var name: String
                var value: String?
            }
            let root = links.lwm2mRootPath
            let rows = links.map { link in
                LinkJSON(target: link.target, path: link.lwm2mPath(rootPath: root)?.description,
                         attributes: link.attributes.map { AttributeJSON(name: $0.name, value: $0.value) })
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        for link in links { print(link.description) }
        let formats = links.announcedContentFormatNumbers
        if !formats.isEmpty { print("content formats announced: " + formats.map(String.init).joined(separator: ", ")) }
    }

    /// Prints an error to standard error; the returned exit code ends the command (1 failure, 2 usage).
    static func failure(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(status)
    }

    /// Types from `PATH=TYPE` options, falling back to the model.
    static func typeLookup(_ options: [String], fallback: @escaping ResourceTypeLookup) throws -> ResourceTypeLookup {
        var given: [LwM2MPath: ResourceType] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let path = try? LwM2MPath(parsing: parts[0]), path.level == .resource, let type = ResourceType(ddfName: String(parts[1])) else {
                throw failure("--type '\(option)' is not RESOURCE_PATH=TYPE (e.g. /3/0/9=integer; types: \(ResourceType.allCases.map(\.rawValue).joined(separator: ", ")))", status: 2)
            }
            given[path] = type
        }
        let frozen = given
        return { frozen[$0] ?? fallback($0) }
    }

    /// Bytes from hex text with whitespace and `#` comments; nil when not hex.
    static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined().filter { !$0.isWhitespace }
        return HexBytes.decode(digits)
    }
}
