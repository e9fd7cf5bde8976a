import CoAP
import DeviceSimulator
import Foundation
import LwM2M
import Testing

@Suite("Observe on a simulated device")
struct ObserveTests {
    static let temperature = LwM2MPath(object: 3303, instance: 0, resource: 5700)

    private func value(_ response: CoAPResponse) -> Double? {
        guard let number = response.options.contentFormat, let format = ContentFormat(rawValue: number),
              let nodes = try? LwM2MCodec.decode(response.payload, format: format, path: Self.temperature, types: ObjectModel.builtIn.typeLookup),
              case .float(let v)? = nodes.values[Self.temperature] else { return nil }
        return v
    }

    @Test("observing 3303 delivers changing temperatures, and an active cancel stops them", arguments: [true, false])
    func observeTemperature(actively: Bool) async throws {
        try await DeviceHarness.with({ $0.notificationInterval = .milliseconds(50) }) { (h: DeviceHarness) async throws in
            let observation = try await h.client.observe(CoAPRequest(.get, path: "/3303/0/5700"), to: h.devicePeer, timeout: .seconds(5))
            #expect(observation.isEstablished)
            #expect(value(observation.response) != nil)
            var seen: [Double] = []
            let collector = Task {
                var values: [Double] = []
                for await event in observation.events {
                    if case .notification(let response) = event, let v = value(response) { values.append(v) }
                    if values.count >= 3 { break }
                }
                return values
            }
            let timeout = Task { try await Task.sleep(for: .seconds(10)); collector.cancel() }
            seen = await collector.value
            timeout.cancel()
            #expect(seen.count >= 3)
            #expect(Set(seen).count >= 2, "values should change: \(seen)")
            #expect(h.device.observationCount == 1)
            await observation.cancel(actively: actively)
            // Passive cancel takes effect with the RST to the next notification.
            #expect(await eventually(timeout: 5) { h.device.observationCount == 0 })
            let before = try await h.client.counters().notificationsIn
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await h.client.counters().notificationsIn == before)
        }
    }

    @Test("pmin spaces notifications out")
    func pminHonoured() async throws {
        try await DeviceHarness.with({ $0.notificationInterval = .milliseconds(50) }) { (h: DeviceHarness) async throws in
            #expect(try await h.send(.put, "/3303/0/5700", query: ["pmin=1"]).code == .changed)
            let observation = try await h.client.observe(CoAPRequest(.get, path: "/3303/0/5700"), to: h.devicePeer, timeout: .seconds(5))
            let start = Date()
            var times: [Double] = []
            for await event in observation.events {
                if case .notification = event { times.append(Date().timeIntervalSince(start)) }
                if times.count >= 2 { break }
            }
            await observation.cancel(actively: true)
            #expect(times.count == 2)
            if times.count == 2 {
                #expect(times[0] >= 0.9)
                #expect(times[1] - times[0] >= 0.9)
            }
        }
    }
}
