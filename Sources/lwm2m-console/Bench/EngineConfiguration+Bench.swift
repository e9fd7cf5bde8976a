import LwM2MEngine

extension EngineConfiguration {
    /// The engine the benchmarks run: on 127.0.0.1, every endpoint on a free port.
    static var benchLoopback: EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.bindAddress = "127.0.0.1"
        configuration.bootstrapPort = 0
        configuration.bootstrapDTLSPort = 0
        configuration.serverPort = 0
        configuration.serverDTLSPort = 0
        return configuration
    }
}
