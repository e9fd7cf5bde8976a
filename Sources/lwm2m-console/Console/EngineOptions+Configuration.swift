import LwM2MEngine

extension EngineOptions {
    /// The engine configuration these flags give (one mapping for `serve`, the console and `demo`).
    func configuration() -> EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.bindAddress = bind
        configuration.bootstrapPort = bootstrapPort
        configuration.bootstrapDTLSPort = bootstrapDtlsPort
        configuration.serverPort = serverPort
        configuration.serverDTLSPort = serverDtlsPort
        configuration.requestTimeout = requestTimeout
        configuration.minimumRequestTimeout = minRequestTimeout
        configuration.maximumRequestTimeout = maxRequestTimeout
        configuration.awakeTime = awakeTime
        configuration.defaultLifetime = max(1, lifetime.components.seconds)
        configuration.grace = grace
        return configuration
    }
}
