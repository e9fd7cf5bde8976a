/// Tells a decoder the type of a resource (from the object model); nil for a resource the model
/// does not know, whose value is then kept as raw bytes (opaque) where the format carries no type.
public typealias ResourceTypeLookup = @Sendable (LwM2MPath) -> ResourceType?
