/// The options of a message, kept sorted by number, with typed accessors for the common ones.
public struct CoAPOptions: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The options in wire order (ascending number; repeated options keep their relative order).
    public private(set) var all: [CoAPOption]

    /// Creates an option list, sorting stably by number.
    public init(_ options: [CoAPOption] = []) {
        all = options.enumerated().sorted {
            $0.element.number != $1.element.number ? $0.element.number < $1.element.number : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Creates an option list from a literal.
    public init(arrayLiteral elements: CoAPOption...) { self.init(elements) }

    /// Wraps options already in ascending order (the decoder guarantees it).
    init(sorted: [CoAPOption]) { all = sorted }

    /// The first index.
    public var startIndex: Int { all.startIndex }
    /// One past the last index.
    public var endIndex: Int { all.endIndex }
    /// The option at `position`.
    public subscript(position: Int) -> CoAPOption { all[position] }

    /// Adds an option after any existing ones with the same number.
    public mutating func append(_ option: CoAPOption) {
        var index = all.endIndex
        while index > all.startIndex && all[index - 1].number > option.number { index -= 1 }
        all.insert(option, at: index)
    }

    /// Removes every option with `number`.
    public mutating func remove(_ number: UInt16) { all.removeAll { $0.number == number } }

    /// Replaces every option with `number` by `values` (in order).
    public mutating func set(_ number: UInt16, values: [[UInt8]]) {
        remove(number)
        for value in values { append(CoAPOption(number: number, value: value)) }
    }

    /// Replaces the option `number` by one unsigned integer, or removes it when `value` is nil.
    public mutating func setUInt(_ number: UInt16, _ value: UInt32?) {
        remove(number)
        if let value { append(CoAPOption(number: number, uint: value)) }
    }

    /// The first option with `number`.
    public func first(_ number: UInt16) -> CoAPOption? { all.first { $0.number == number } }

    /// Every value of option `number`, in order.
    public func values(_ number: UInt16) -> [[UInt8]] { all.compactMap { $0.number == number ? $0.value : nil } }

    /// The first option `number` as an unsigned integer.
    public func uint(_ number: UInt16) -> UInt32? { first(number)?.uintValue }

    /// Uri-Path segments, e.g. `["rd", "abc"]`.
    public var uriPath: [String] {
        get { values(CoAPOptionNumber.uriPath).map { String(decoding: $0, as: UTF8.self) } }
        set { set(CoAPOptionNumber.uriPath, values: newValue.map { Array($0.utf8) }) }
    }

    /// Uri-Query arguments, e.g. `["ep=dev1", "lt=300"]`.
    public var uriQuery: [String] {
        get { values(CoAPOptionNumber.uriQuery).map { String(decoding: $0, as: UTF8.self) } }
        set { set(CoAPOptionNumber.uriQuery, values: newValue.map { Array($0.utf8) }) }
    }

    /// Location-Path segments (e.g. the registration location `["rd", "5a3f"]`).
    public var locationPath: [String] {
        get { values(CoAPOptionNumber.locationPath).map { String(decoding: $0, as: UTF8.self) } }
        set { set(CoAPOptionNumber.locationPath, values: newValue.map { Array($0.utf8) }) }
    }

    /// Content-Format number.
    public var contentFormat: UInt16? {
        get { uint(CoAPOptionNumber.contentFormat).map { UInt16(truncatingIfNeeded: $0) } }
        set { setUInt(CoAPOptionNumber.contentFormat, newValue.map(UInt32.init)) }
    }

    /// Accept number.
    public var accept: UInt16? {
        get { uint(CoAPOptionNumber.accept).map { UInt16(truncatingIfNeeded: $0) } }
        set { setUInt(CoAPOptionNumber.accept, newValue.map(UInt32.init)) }
    }

    /// Observe value (0 register, 1 deregister in requests; a sequence number in notifications).
    public var observe: UInt32? {
        get { uint(CoAPOptionNumber.observe) }
        set { setUInt(CoAPOptionNumber.observe, newValue) }
    }

    /// Max-Age in seconds (absent means 60).
    public var maxAge: UInt32? {
        get { uint(CoAPOptionNumber.maxAge) }
        set { setUInt(CoAPOptionNumber.maxAge, newValue) }
    }

    /// Block1 (request body block).
    public var block1: CoAPBlock? {
        get { first(CoAPOptionNumber.block1).flatMap { CoAPBlock(optionValue: $0.value) } }
        set { setUInt(CoAPOptionNumber.block1, newValue?.optionValue) }
    }

    /// Block2 (response body block).
    public var block2: CoAPBlock? {
        get { first(CoAPOptionNumber.block2).flatMap { CoAPBlock(optionValue: $0.value) } }
        set { setUInt(CoAPOptionNumber.block2, newValue?.optionValue) }
    }

    /// Size1: total request body size.
    public var size1: UInt32? {
        get { uint(CoAPOptionNumber.size1) }
        set { setUInt(CoAPOptionNumber.size1, newValue) }
    }

    /// Size2: total response body size.
    public var size2: UInt32? {
        get { uint(CoAPOptionNumber.size2) }
        set { setUInt(CoAPOptionNumber.size2, newValue) }
    }

    /// The first critical option this endpoint does not understand, if any.
    public var firstUnknownCritical: CoAPOption? {
        all.first { $0.isCritical && !CoAPOptionNumber.isKnown($0.number) }
    }
}
