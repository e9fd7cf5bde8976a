import Foundation

extension Renderer {
    /// One Objects-tree line: `/3303/0/5700 Sensor Value = 21.5 °C  12 s ago  [R]`. When it does
    /// not fit `width`, the operations go first, then the name, so the value and its age stay.
    static func objectLine(_ node: ObjectNode, now: Date, width: Int) -> String {
        let indent = String(repeating: "  ", count: node.depth)
        let operations = node.operations.isEmpty ? "" : "  [\(node.operations)]"
        guard let value = node.value else { return "\(indent)\(node.path) \(node.name)\(operations)" }
        let age = node.reportedAt.map { "  " + Formatting.ago($0, now: now) } ?? ""
        let candidates = [
            "\(indent)\(node.path) \(node.name) = \(value)\(age)\(operations)",
            "\(indent)\(node.path) \(node.name) = \(value)\(age)",
            "\(indent)\(node.path) = \(value)\(age)",
        ]
        return candidates.first { DisplayWidth.of($0) <= width } ?? candidates[candidates.count - 1]
    }
}
