/// Values by key kept in one contiguous array, with the hash index holding only a 4-byte slot.
///
/// Why: a Swift dictionary keeps its load factor under 3/4 with power-of-two capacities, so at
/// 100,000 entries every key and value is paid for 2.6 times. Large values (a device's session,
/// a registration) cost far less in a dense array indexed by slot. Removal moves the last entry
/// into the hole, so order is arbitrary (as with a dictionary).
struct DenseTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var slots: [Key: Int32] = [:]
    private var keyOfSlot: ContiguousArray<Key> = []
    // Optional so `_modify` can yield the stored value in place (no copy-on-write of its queue).
    private var valueOfSlot: ContiguousArray<Value?> = []

    /// The number of entries.
    var count: Int { keyOfSlot.count }

    /// The keys (a copy, safe to iterate while the table changes).
    var keys: ContiguousArray<Key> { keyOfSlot }

    /// The values, in slot order (a lazy view: no copy of the table).
    var values: some Collection<Value> { valueOfSlot.lazy.compactMap { $0 } }

    /// The value of a key; assigning nil removes it.
    subscript(key: Key) -> Value? {
        get { slots[key].flatMap { valueOfSlot[Int($0)] } }
        set {
            if let newValue { insertOrReplace(key, newValue) } else { _ = removeValue(forKey: key) }
        }
        _modify {
            if let slot = slots[key] {
                let index = Int(slot)
                defer { if valueOfSlot[index] == nil { remove(at: index) } }
                yield &valueOfSlot[index]
            } else {
                var fresh: Value?
                defer { if let fresh { insertOrReplace(key, fresh) } }
                yield &fresh
            }
        }
    }

    /// Removes a key's value and returns it.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let slot = slots[key] else { return nil }
        let value = valueOfSlot[Int(slot)]
        remove(at: Int(slot))
        return value
    }

    /// Reserves room for `count` entries.
    mutating func reserveCapacity(_ count: Int) {
        slots.reserveCapacity(count)
        keyOfSlot.reserveCapacity(count)
        valueOfSlot.reserveCapacity(count)
    }

    private mutating func insertOrReplace(_ key: Key, _ value: Value) {
        if let slot = slots[key] {
            valueOfSlot[Int(slot)] = value
        } else {
            slots[key] = Int32(keyOfSlot.count)
            keyOfSlot.append(key)
            valueOfSlot.append(value)
        }
    }

    private mutating func remove(at index: Int) {
        let last = keyOfSlot.count - 1
        slots[keyOfSlot[index]] = nil
        if index != last {
            keyOfSlot.swapAt(index, last)
            valueOfSlot.swapAt(index, last)
            slots[keyOfSlot[index]] = Int32(index)
        }
        keyOfSlot.removeLast()
        valueOfSlot.removeLast()
    }
}
