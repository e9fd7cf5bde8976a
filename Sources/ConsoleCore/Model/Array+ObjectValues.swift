extension Array where Element == ObjectNode {
    /// Puts each value on the resource node with its path; a value for a resource the tree
    /// lacks (not announced, or not in the model) is left out.
    public mutating func apply(_ values: [ObjectValue]) {
        guard !values.isEmpty else { return }
        var index: [String: Int] = [:]
        for (position, node) in enumerated() where node.depth == 2 { index[node.path] = position }
        for value in values {
            guard let position = index[value.path] else { continue }
            self[position].value = value.text
            self[position].reportedAt = value.reportedAt
        }
    }
}
