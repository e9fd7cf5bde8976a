import Testing
@testable import LwM2M

@Suite("Result rendering")
struct ResultRendererTests {
    let renderer = ResultRenderer(model: .builtIn)

    @Test("a device read renders one named line per value in path order")
    func deviceRead() {
        let nodes = LwM2MNodes([
            p(3, 0, 9): .integer(87),
            p(3, 0, 0): .string("Acme"),
            p(3, 0, 1): .string("Model \"X\"\nrev2"),
            p(3, 0, 7, 0): .integer(3800),
            p(3, 0, 7, 1): .integer(5000),
            p(3, 0, 13): .time(1_700_000_000),
        ])
        #expect(renderer.lines(for: nodes) == [
            #"/3/0/0 Manufacturer = "Acme""#,
            #"/3/0/1 Model Number = "Model \"X\"\nrev2""#,
            "/3/0/7/0 Power Source Voltage[0] = 3800 mV",
            "/3/0/7/1 Power Source Voltage[1] = 5000 mV",
            "/3/0/9 Battery Level = 87 %",
            "/3/0/13 Current Time = 2023-11-14T22:13:20Z",
        ])
    }

    @Test("each value type has its readable form")
    func valueForms() {
        #expect(renderer.format(.boolean(true)) == "true")
        #expect(renderer.format(.float(21.5)) == "21.5")
        #expect(renderer.format(.unsignedInteger(18_446_744_073_709_551_615)) == "18446744073709551615")
        #expect(renderer.format(.integer(-40)) == "-40")
        #expect(renderer.format(.opaque([0x01, 0xab, 0xff])) == "0x01abff (3 bytes)")
        #expect(renderer.format(.opaque([0x00])) == "0x00 (1 byte)")
        #expect(renderer.format(.opaque([])) == "0x (0 bytes)")
        #expect(renderer.format(.objlnk(ObjectLink(objectID: 3, instanceID: 0))) == "3:0")
        #expect(renderer.format(.objlnk(ObjectLink(objectID: 65535, instanceID: 65535))) == "65535:65535 (null link)")
        #expect(renderer.format(.corelnk("</3/0>;ver=1.1")) == "</3/0>;ver=1.1")
        #expect(renderer.format(.string("tab\there\u{1}")) == #""tab\there\u{1}""#)
    }

    @Test("long opaque values are shortened but keep their full length")
    func longOpaque() {
        let short = ResultRenderer(model: .builtIn, opaqueDisplayLimit: 4)
        #expect(short.format(.opaque(Array(0..<10))) == "0x00010203… (10 bytes)")
    }

    @Test("time renders as ISO 8601 UTC, before 1970 and in leap years too")
    func times() {
        #expect(renderer.format(.time(0)) == "1970-01-01T00:00:00Z")
        #expect(renderer.format(.time(-1)) == "1969-12-31T23:59:59Z")
        #expect(renderer.format(.time(951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(renderer.format(.time(4_107_542_399)) == "2100-02-28T23:59:59Z")
        #expect(renderer.format(.time(1_795_896_000)) == "2026-11-28T20:00:00Z")
    }

    @Test("firmware package, IPSO and opaque values render with names")
    func namedValues() {
        let nodes = LwM2MNodes([
            p(5, 0, 3): .integer(2),
            p(3303, 1, 5700): .float(21.5),
            p(0, 0, 3): .opaque([0x69, 0x64]),
            p(1, 0, 10): .objlnk(ObjectLink(objectID: 11, instanceID: 0)),
        ])
        #expect(renderer.render(nodes) == """
            /0/0/3 Public Key or Identity = 0x6964 (2 bytes)
            /1/0/10 APN Link = 11:0
            /5/0/3 State = 2
            /3303/1/5700 Sensor Value = 21.5
            """)
    }

    @Test("unknown resources show the raw value, with readable text when the bytes are text")
    func unknownResources() {
        #expect(renderer.line(path: p(40000, 0, 1), value: .opaque(Array("hello".utf8))) == #"/40000/0/1 (unknown resource) = 0x68656c6c6f (5 bytes) "hello""#)
        #expect(renderer.line(path: p(40000, 0, 2), value: .opaque([0x00, 0xff])) == "/40000/0/2 (unknown resource) = 0x00ff (2 bytes)")
        #expect(renderer.line(path: p(3, 0, 99), value: .integer(5)) == "/3/0/99 (unknown resource) = 5")
    }

    @Test("names come from the model given")
    func customModel() {
        let model = ObjectModel([ObjectDefinition(id: 33000, name: "Pump", isMultiple: true, resources: [
            ResourceDefinition(id: 0, name: "Speed", operations: .readWrite, type: .integer, units: "rpm"),
        ])])
        #expect(ResultRenderer(model: model).line(path: p(33000, 2, 0), value: .integer(1200)) == "/33000/2/0 Speed = 1200 rpm")
    }
}
