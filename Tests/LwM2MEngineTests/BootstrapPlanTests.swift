import Testing
import LwM2M
@testable import LwM2MEngine

@Suite("Bootstrap plan")
struct BootstrapPlanTests {
    @Test("NO_SEC device: delete /0 and /1, Security /0/0, Server /1/0, finish")
    func noSecPlan() {
        let plan = BootstrapPlan(BootstrapSettings(serverURI: "coap://10.0.0.1:5783", securityMode: .noSec))
        #expect(plan.steps.map(\.description) == [
            "DELETE /0", "DELETE /1", "WRITE /0/0 (7 resources)", "WRITE /1/0 (4 resources)", "POST /bs (Bootstrap-Finish)",
        ])
        guard case .write(_, let security) = plan.steps[2], case .write(_, let server) = plan.steps[3] else {
            Issue.record("steps 3 and 4 must be writes"); return
        }
        #expect(security.values[LwM2MPath(object: 0, instance: 0, resource: 0)] == .string("coap://10.0.0.1:5783"))
        #expect(security.values[LwM2MPath(object: 0, instance: 0, resource: 1)] == .boolean(false))
        #expect(security.values[LwM2MPath(object: 0, instance: 0, resource: 2)] == .integer(3))
        #expect(security.values[LwM2MPath(object: 0, instance: 0, resource: 10)] == .integer(1))
        #expect(server.values[LwM2MPath(object: 1, instance: 0, resource: 1)] == .integer(432_000))
        #expect(server.values[LwM2MPath(object: 1, instance: 0, resource: 7)] == .string("UQ"))
    }

    @Test("PSK device with a bootstrap account at offset+1")
    func pskWithBootstrapAccount() {
        var s = BootstrapSettings(serverURI: "coaps://10.0.0.1:5784", securityMode: .psk)
        s.pskIdentity = "psk_device-lwm2m"
        s.pskKey = [0xAB, 0xCD]
        s.securityInstanceOffset = 2
        s.shortServerID = 7
        s.generateBootstrapServerConfig = true
        s.bootstrapServerURI = "coaps://10.0.0.1:5684"
        s.bootstrapPskIdentity = "psk_device-bs"
        s.bootstrapPskKey = [0x01]
        s.lifetime = 300
        s.defaultMinimumPeriod = 1
        s.defaultMaximumPeriod = 60
        s.binding = "U"
        let plan = BootstrapPlan(s)
        #expect(plan.steps.map(\.description) == [
            "DELETE /0", "DELETE /1", "WRITE /0/2 (7 resources)", "WRITE /0/3 (6 resources)",
            "WRITE /1/0 (6 resources)", "POST /bs (Bootstrap-Finish)",
        ])
        guard case .write(_, let lwm2m) = plan.steps[2], case .write(_, let bs) = plan.steps[3] else {
            Issue.record("expected writes"); return
        }
        #expect(lwm2m.values[LwM2MPath(object: 0, instance: 2, resource: 2)] == .integer(0))
        #expect(lwm2m.values[LwM2MPath(object: 0, instance: 2, resource: 3)] == .opaque(Array("psk_device-lwm2m".utf8)))
        #expect(lwm2m.values[LwM2MPath(object: 0, instance: 2, resource: 5)] == .opaque([0xAB, 0xCD]))
        #expect(lwm2m.values[LwM2MPath(object: 0, instance: 2, resource: 10)] == .integer(7))
        #expect(bs.values[LwM2MPath(object: 0, instance: 3, resource: 1)] == .boolean(true))
        #expect(bs.values[LwM2MPath(object: 0, instance: 3, resource: 3)] == .opaque(Array("psk_device-bs".utf8)))
        #expect(bs.values[LwM2MPath(object: 0, instance: 3, resource: 10)] == nil, "short server ID 0 is not written")
    }
}
