import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads OMA LwM2M DDF XML (`<LWM2M><Object>…<Resources><Item ID="…">…`) into object definitions.
public enum DDFParser {
    /// Parses one DDF document; `fileName` is only used in error messages.
    public static func parse(_ bytes: [UInt8], fileName: String) throws(DDFError) -> [ObjectDefinition] {
        let parser = XMLParser(data: Data(bytes))
        let reader = DDFDocumentReader(fileName: fileName)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        // A file that is not well-formed XML is reported as such first, even when a field
        // error came earlier (libxml2 reports some mismatched tags only after the fact).
        let succeeded = parser.parse()
        guard succeeded else {
            let detail = (parser.parserError as NSError?).map { "\($0.domain) code \($0.code)" } ?? "unknown error"
            throw DDFError(file: fileName, line: reader.xmlErrorLine ?? parser.lineNumber, field: "XML", reason: "not well-formed XML (\(detail))")
        }
        if let error = reader.error { throw error }
        if !reader.sawRoot {
            throw DDFError(file: fileName, line: nil, field: "LWM2M", reason: "no <LWM2M> root element; not a DDF file")
        }
        return reader.objects
    }
}

/// The XMLParser delegate: collects leaf element texts with their line numbers and builds
/// definitions when an `<Item>` or `<Object>` closes. Used only inside one synchronous parse.
final class DDFDocumentReader: NSObject, XMLParserDelegate {
    let fileName: String
    private(set) var objects: [ObjectDefinition] = []
    private(set) var error: DDFError?
    private(set) var sawRoot = false
    /// The line libxml2 was at when it found the file not well-formed.
    private(set) var xmlErrorLine: Int?

    /// A leaf element's text and the line it ended on.
    struct Field { var text: String; var line: Int }

    private var stack: [String] = []
    private var text = ""
    private var objectFields: [String: Field]?
    private var objectLine = 0
    private var resources: [ResourceDefinition] = []
    private var itemFields: [String: Field]?
    private var itemID: (text: String?, line: Int) = (nil, 0)

    init(fileName: String) { self.fileName = fileName }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(name)
        text = ""
        switch name {
        case "LWM2M": sawRoot = true
        case "Object" where stack.count == 2:
            objectFields = [:]
            objectLine = parser.lineNumber
            resources = []
        case "Item" where objectFields != nil && stack.dropLast().last == "Resources":
            itemFields = [:]
            itemID = (attributes["ID"], parser.lineNumber)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if xmlErrorLine == nil { xmlErrorLine = parser.lineNumber }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { stack.removeLast(); text = "" }
        let field = Field(text: text.trimmingCharacters(in: .whitespacesAndNewlines), line: parser.lineNumber)
        do throws(DDFError) {
            if name == "Item", itemFields != nil {
                try finishItem()
            } else if itemFields != nil {
                itemFields?[name] = field
            } else if name == "Object", objectFields != nil, stack.count == 2 {
                try finishObject()
            } else if objectFields != nil, stack.count == 3 {
                objectFields?[name] = field
            }
        } catch {
            // Keep the first field error and read on, so broken XML later still shows as such.
            if self.error == nil { self.error = error }
        }
    }

    private func fail(_ line: Int?, _ field: String, _ reason: String) -> DDFError {
        DDFError(file: fileName, line: line, field: field, reason: reason)
    }

    private func finishItem() throws(DDFError) {
        let fields = itemFields ?? [:]
        itemFields = nil
        guard let idText = itemID.text else {
            throw fail(itemID.line, "Item/@ID", "the <Item> has no ID attribute")
        }
        guard let id = UInt16(idText.trimmingCharacters(in: .whitespaces)), id != 65535 else {
            throw fail(itemID.line, "Item/@ID", "'\(idText)' is not a resource ID from 0 to 65534")
        }
        let label = "resource \(id)"
        guard let name = fields["Name"], !name.text.isEmpty else {
            throw fail(fields["Name"]?.line ?? itemID.line, "Item/Name", "\(label) has no name")
        }
        guard let opsField = fields["Operations"] else {
            throw fail(itemID.line, "Item/Operations", "\(label) has no <Operations> element")
        }
        guard let operations = ResourceOperations(ddfName: opsField.text) else {
            throw fail(opsField.line, "Item/Operations", "'\(opsField.text)' for \(label) is not one of R, W, RW, E or empty")
        }
        let isMultiple = try multiplicity(fields["MultipleInstances"], defaultLine: itemID.line, field: "Item/MultipleInstances", label: label)
        let isMandatory = try mandatory(fields["Mandatory"], field: "Item/Mandatory", label: label)
        let type: ResourceType
        if let typeField = fields["Type"] {
            guard let parsed = ResourceType(ddfName: typeField.text) else {
                let known = ResourceType.allCases.filter { $0 != .none }.map(\.rawValue).joined(separator: ", ")
                throw fail(typeField.line, "Item/Type", "'\(typeField.text)' for \(label) is not an LwM2M type (\(known))")
            }
            type = parsed
        } else {
            type = .none
        }
        if type == .none, !operations.contains(.execute) {
            throw fail(fields["Type"]?.line ?? itemID.line, "Item/Type", "\(label) is not executable, so it needs a type")
        }
        if resources.contains(where: { $0.id == id }) {
            throw fail(itemID.line, "Item/@ID", "resource ID \(id) is defined twice")
        }
        resources.append(ResourceDefinition(
            id: id, name: name.text, operations: operations, type: operations.contains(.execute) ? .none : type,
            isMultiple: isMultiple, isMandatory: isMandatory,
            rangeEnumeration: fields["RangeEnumeration"]?.text, units: fields["Units"]?.text,
            description: fields["Description"]?.text
        ))
    }

    private func finishObject() throws(DDFError) {
        let fields = objectFields ?? [:]
        objectFields = nil
        guard let idField = fields["ObjectID"] else {
            throw fail(objectLine, "ObjectID", "the <Object> has no <ObjectID>")
        }
        guard let id = UInt16(idField.text), id != 65535 else {
            throw fail(idField.line, "ObjectID", "'\(idField.text)' is not an object ID from 0 to 65534")
        }
        guard let name = fields["Name"], !name.text.isEmpty else {
            throw fail(fields["Name"]?.line ?? objectLine, "Name", "object \(id) has no name")
        }
        let label = "object \(id)"
        let isMultiple = try multiplicity(fields["MultipleInstances"], defaultLine: objectLine, field: "MultipleInstances", label: label)
        let isMandatory = try mandatory(fields["Mandatory"], field: "Mandatory", label: label)
        let version = fields["ObjectVersion"]?.text
        objects.append(ObjectDefinition(
            id: id, name: name.text, urn: fields["ObjectURN"]?.text,
            objectVersion: (version?.isEmpty ?? true) ? "1.0" : version ?? "1.0",
            lwm2mVersion: fields["LWM2MVersion"].flatMap { $0.text.isEmpty ? nil : $0.text },
            isMultiple: isMultiple, isMandatory: isMandatory,
            description: fields["Description1"]?.text, resources: resources
        ))
        resources = []
    }

    private func multiplicity(_ field: Field?, defaultLine: Int, field name: String, label: String) throws(DDFError) -> Bool {
        guard let field else { throw fail(defaultLine, name, "\(label) has no <MultipleInstances> (Single or Multiple)") }
        switch field.text.lowercased() {
        case "multiple": return true
        case "single": return false
        default: throw fail(field.line, name, "'\(field.text)' for \(label) is neither Single nor Multiple")
        }
    }

    private func mandatory(_ field: Field?, field name: String, label: String) throws(DDFError) -> Bool {
        guard let field else { return false }   // the registry treats a missing flag as Optional
        switch field.text.lowercased() {
        case "mandatory": return true
        case "optional", "": return false
        default: throw fail(field.line, name, "'\(field.text)' for \(label) is neither Mandatory nor Optional")
        }
    }
}
