import DeviceSimulator
import Foundation

/// The demo's simulated devices: NO_SEC bootstrap over plain CoAP, PSK bootstrap over DTLS,
/// sleepy devices in queue mode, and one mute device registered directly.
enum DemoFleet {
    /// A fleet for `entries`, talking to the engine on `host` at the bound ports.
    static func make(_ entries: [DemoCSV.Entry], host: String, ports: (bootstrap: Int, bootstrapDTLS: Int, server: Int)) -> DeviceFleet {
        let configurations = entries.map { entry -> SimulatedDeviceConfiguration in
            var configuration = SimulatedDeviceConfiguration(endpoint: entry.endpoint)
            configuration.bindHost = "127.0.0.1"
            configuration.lifetime = entry.sleepy ? 120 : 300
            if entry.mute {
                configuration.serverURI = "coap://\(host):\(ports.server)"
                configuration.dropRequests = true
            } else if entry.psk {
                configuration.bootstrapURI = "coaps://\(host):\(ports.bootstrapDTLS)"
                configuration.pskIdentity = entry.bootstrapIdentity
                configuration.pskKey = entry.key
            } else {
                configuration.bootstrapURI = "coap://\(host):\(ports.bootstrap)"
            }
            if entry.sleepy {
                configuration.queueMode = true
                configuration.awakeWindow = .seconds(5)
                configuration.updateInterval = .seconds(20)
            }
            return configuration
        }
        return DeviceFleet(configurations, startsPerSecond: 50)
    }
}
