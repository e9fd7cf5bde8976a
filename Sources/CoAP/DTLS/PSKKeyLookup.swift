/// Finds the pre-shared key of a PSK identity, or nil when the identity is unknown.
///
/// Called on the event loop in the middle of a handshake, so it must answer synchronously from
/// a snapshot (e.g. a dictionary the engine swaps when keys change), never block.
public typealias PSKKeyLookup = (_ identity: String) -> [UInt8]?
