public import Foundation

extension ObjectModel {
    /// Loads every `*.xml` DDF file of a folder (in name order). An object defined in two files
    /// is refused, naming both; merge the result over `builtIn` with `merging(_:)`.
    public static func load(directory: URL) throws(DDFError) -> ObjectModel {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw DDFError(file: directory.path, line: nil, field: "directory", reason: "cannot list the folder (\(error.localizedDescription))")
        }
        var definitions: [ObjectDefinition] = []
        var origin: [UInt16: String] = [:]
        for name in names.sorted() where name.lowercased().hasSuffix(".xml") {
            let file = directory.appendingPathComponent(name)
            for definition in try loadDefinitions(file: file) {
                if let first = origin[definition.id] {
                    throw DDFError(file: file.path, line: nil, field: "ObjectID", reason: "object \(definition.id) is already defined in \(first)")
                }
                origin[definition.id] = file.path
                definitions.append(definition)
            }
        }
        return ObjectModel(definitions)
    }

    /// Loads the objects of one DDF file.
    public static func load(file: URL) throws(DDFError) -> ObjectModel {
        ObjectModel(try loadDefinitions(file: file))
    }

    private static func loadDefinitions(file: URL) throws(DDFError) -> [ObjectDefinition] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw DDFError(file: file.path, line: nil, field: "file", reason: "cannot read it (\(error.localizedDescription))")
        }
        return try DDFParser.parse(Array(data), fileName: file.path)
    }
}
