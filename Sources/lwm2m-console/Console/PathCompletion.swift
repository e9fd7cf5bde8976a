import Foundation

/// File-path completion for the import prompt: entries of the typed directory that start with
/// the typed name, directories with a trailing `/`.
enum PathCompletion {
    /// Full replacements of `text`, sorted.
    static func candidates(for text: String) -> [String] {
        let expanded = text.hasPrefix("~/") ? NSHomeDirectory() + text.dropFirst(1) : text
        let endsInSlash = expanded.isEmpty || expanded.hasSuffix("/")
        let url = URL(fileURLWithPath: expanded.isEmpty ? "./" : expanded)
        let directory = endsInSlash ? url : url.deletingLastPathComponent()
        let stem = endsInSlash ? "" : url.lastPathComponent
        let base = endsInSlash ? text : String(text.dropLast(stem.count))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(stem) && ($0.first != "." || stem.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return base + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
