/// Collects decoded values where a name may repeat with timestamps (LwM2M JSON and SenML carry
/// time series): the value with the newest time is kept; without times, the last one given.
struct TimedValues {
    /// The values kept so far.
    private(set) var nodes = LwM2MNodes()
    private var times: [LwM2MPath: Double] = [:]

    /// Offers a value for `path` with its resolved time, if any.
    mutating func set(_ value: ResourceValue, at path: LwM2MPath, time: Double?) {
        if let time, let kept = times[path], kept > time { return }
        nodes.values[path] = value
        if let time { times[path] = time } else { times[path] = nil }
    }
}
