/// Request handlers by Uri-Path prefix; the longest matching prefix wins, no match gets 4.04.
public struct CoAPRoutes: Sendable {
    /// How a route answers.
    public enum Handler: Sendable {
        /// Runs on the endpoint's event loop and answers at once (piggy-backed); must not block.
        case immediate(@Sendable (CoAPRequestContext) -> CoAPResponse)
        /// Runs as a task; a late answer goes out as a separate response after an empty ACK.
        case async(@Sendable (CoAPRequestContext) async -> CoAPResponse)
    }

    /// The registered (prefix, handler) pairs.
    public private(set) var entries: [(prefix: [String], handler: Handler)] = []

    /// Creates an empty route table.
    public init() {}

    /// Adds a handler that runs on the event loop, for `prefix` like `"/rd"` ("/" matches everything).
    public mutating func on(_ prefix: String, immediate: @escaping @Sendable (CoAPRequestContext) -> CoAPResponse) {
        add(prefix, .immediate(immediate))
    }

    /// Adds an async handler for `prefix` like `"/bs"`.
    public mutating func on(_ prefix: String, async handler: @escaping @Sendable (CoAPRequestContext) async -> CoAPResponse) {
        add(prefix, .async(handler))
    }

    private mutating func add(_ prefix: String, _ handler: Handler) {
        let segments = prefix.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        entries.append((segments, handler))
        entries.sort { $0.prefix.count > $1.prefix.count }
    }

    /// The handler for `path`: the longest registered prefix of it.
    public func handler(for path: [String]) -> Handler? {
        for entry in entries where entry.prefix.count <= path.count {
            if zip(entry.prefix, path).allSatisfy({ $0 == $1 }) { return entry.handler }
        }
        return nil
    }

    /// The handler for a request's Uri-Path options, compared as bytes (no string building).
    func handler(for options: CoAPOptions) -> Handler? {
        var count = 0
        for option in options.all where option.number == CoAPOptionNumber.uriPath { count += 1 }
        for entry in entries where entry.prefix.count <= count {
            var matches = true
            var index = 0
            for option in options.all where option.number == CoAPOptionNumber.uriPath {
                guard index < entry.prefix.count else { break }
                if !entry.prefix[index].utf8.elementsEqual(option.value) {
                    matches = false
                    break
                }
                index += 1
            }
            if matches { return entry.handler }
        }
        return nil
    }
}
