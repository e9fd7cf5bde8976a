import Foundation
import LwM2M

/// What a simulated device reports about itself in object 3 (Device) and the values it starts with.
public struct DeviceProfile: Sendable, Equatable {
    /// Manufacturer (/3/0/0).
    public var manufacturer = "lwm2m-console simulator"
    /// Model number (/3/0/1).
    public var model = "SIM-1"
    /// Serial number (/3/0/2); defaults to the endpoint name.
    public var serialNumber: String?
    /// Firmware version (/3/0/3).
    public var firmwareVersion = "1.0.0"
    /// Time zone (/3/0/15).
    public var timezone = "Europe/Berlin"
    /// UTC offset (/3/0/14).
    public var utcOffset = "+01:00"
    /// Where the device starts (/6/0/0 and /6/0/1), degrees.
    public var latitude = 52.52
    /// Longitude, degrees.
    public var longitude = 13.405

    /// Creates the default profile.
    public init() {}
}

/// Builds the initial object tree and moves the changing values along with time.
enum DeviceObjects {
    /// Objects 1, 3, 4, 5, 6 and 3303 (object 0 comes from bootstrap or the configuration).
    static func initial(profile: DeviceProfile, endpoint: String, lifetime: Int, binding: String, now: Date) -> ObjectTree {
        var tree = ObjectTree()
        // Server
        tree.set(1, 0, 0, .integer(1))
        tree.set(1, 0, 1, .integer(Int64(lifetime)))
        tree.set(1, 0, 6, .boolean(false))
        tree.set(1, 0, 7, .string(binding))
        // Device
        tree.set(3, 0, 0, .string(profile.manufacturer))
        tree.set(3, 0, 1, .string(profile.model))
        tree.set(3, 0, 2, .string(profile.serialNumber ?? endpoint))
        tree.set(3, 0, 3, .string(profile.firmwareVersion))
        tree.objects[3, default: [:]][0, default: [:]][6] = .multiple([0: .integer(1), 1: .integer(5)])
        tree.objects[3, default: [:]][0, default: [:]][7] = .multiple([0: .integer(3800), 1: .integer(5000)])
        tree.set(3, 0, 9, .integer(100))
        tree.set(3, 0, 10, .integer(4096))
        tree.objects[3, default: [:]][0, default: [:]][11] = .multiple([0: .integer(0)])
        tree.set(3, 0, 13, .time(Int64(now.timeIntervalSince1970)))
        tree.set(3, 0, 14, .string(profile.utcOffset))
        tree.set(3, 0, 15, .string(profile.timezone))
        tree.set(3, 0, 16, .string(binding))
        tree.set(3, 0, 17, .string("simulated"))
        tree.set(3, 0, 18, .string("1.0"))
        tree.set(3, 0, 19, .string(profile.firmwareVersion))
        tree.set(3, 0, 21, .integer(8192))
        // Connectivity Monitoring
        tree.set(4, 0, 0, .integer(6))
        tree.objects[4, default: [:]][0, default: [:]][1] = .multiple([0: .integer(6)])
        tree.set(4, 0, 2, .integer(-87))
        tree.set(4, 0, 3, .integer(12))
        tree.objects[4, default: [:]][0, default: [:]][4] = .multiple([0: .string("127.0.0.1")])
        tree.objects[4, default: [:]][0, default: [:]][7] = .multiple([0: .string("simulator.apn")])
        tree.set(4, 0, 8, .integer(12345))
        // Firmware Update: state 0 idle, result 0 initial
        tree.set(5, 0, 1, .string(""))
        tree.set(5, 0, 3, .integer(0))
        tree.set(5, 0, 5, .integer(0))
        tree.set(5, 0, 6, .string("sim-firmware"))
        tree.set(5, 0, 7, .string(profile.firmwareVersion))
        tree.objects[5, default: [:]][0, default: [:]][8] = .multiple([0: .integer(0), 1: .integer(1)])
        tree.set(5, 0, 9, .integer(0))
        // Location
        tree.set(6, 0, 0, .float(profile.latitude))
        tree.set(6, 0, 1, .float(profile.longitude))
        tree.set(6, 0, 2, .float(34))
        tree.set(6, 0, 5, .time(Int64(now.timeIntervalSince1970)))
        tree.set(6, 0, 6, .float(0))
        // Temperature
        tree.set(3303, 0, 5700, .float(21.5))
        tree.set(3303, 0, 5701, .string("Cel"))
        tree.set(3303, 0, 5601, .float(21.5))
        tree.set(3303, 0, 5602, .float(21.5))
        tree.set(3303, 0, 5603, .float(-40))
        tree.set(3303, 0, 5604, .float(85))
        return tree
    }

    /// Moves the time-dependent values to `now` (`elapsed` seconds since the device started).
    static func advance(_ tree: inout ObjectTree, now: Date, elapsed: Double, seed: Double) {
        let seconds = Int64(now.timeIntervalSince1970)
        tree.set(3, 0, 13, .time(seconds))
        if tree.contains(LwM2MPath(object: 3, instance: 0)) {
            tree.set(3, 0, 9, .integer(Int64(max(0, 100 - Int(elapsed / 60) % 101))))
            tree.set(3, 0, 10, .integer(4096 + Int64((sin(elapsed / 7 + seed) * 512).rounded())))
        }
        if tree.contains(LwM2MPath(object: 3303, instance: 0)) {
            // A slow daily-like swing plus a faster wobble: changes at 0.01 °C resolution many times a second.
            let raw = 21.5 + 4 * sin(elapsed / 60 + seed) + 0.8 * sin(elapsed * 1.7 + seed * 3)
            let value = (raw * 100).rounded() / 100
            tree.set(3303, 0, 5700, .float(value))
            if case .float(let low)? = tree.value(LwM2MPath(object: 3303, instance: 0, resource: 5601)), value < low {
                tree.set(3303, 0, 5601, .float(value))
            }
            if case .float(let high)? = tree.value(LwM2MPath(object: 3303, instance: 0, resource: 5602)), value > high {
                tree.set(3303, 0, 5602, .float(value))
            }
        }
        if tree.contains(LwM2MPath(object: 6, instance: 0)),
           case .float(let latitude)? = tree.value(LwM2MPath(object: 6, instance: 0, resource: 0)) {
            tree.set(6, 0, 0, .float(((latitude + 0.00001 * sin(elapsed + seed)) * 1e6).rounded() / 1e6))
            tree.set(6, 0, 5, .time(seconds))
        }
    }
}
