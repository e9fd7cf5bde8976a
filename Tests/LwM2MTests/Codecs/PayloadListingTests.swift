import Testing
@testable import LwM2M

@Suite("Payload listing (decode command output)")
struct PayloadListingTests {
    @Test("text columns: path, name, type, value; names come from the lookup by resource path")
    func text() {
        let nodes = LwM2MNodes([
            lwp(3, 0, 0): .string("Acme"), lwp(3, 0, 7, 1): .integer(5000), lwp(3, 0, 13): .time(1_367_491_215),
            lwp(5, 0, 0): .opaque([0xde, 0xad]), lwp(1, 0, 8): .objlnk(ObjectLink(objectID: 3, instanceID: 0)),
        ])
        let names: [LwM2MPath: String] = [lwp(3, 0, 0): "Manufacturer", lwp(3, 0, 7): "Power Source Voltage", lwp(3, 0, 13): "Current Time"]
        let listing = PayloadListing(nodes, names: { names[$0] })
        #expect(listing.text == """
        /1/0/8    -                     Objlnk   3:0
        /3/0/0    Manufacturer          String   "Acme"
        /3/0/7/1  Power Source Voltage  Integer  5000
        /3/0/13   Current Time          Time     1367491215 (2013-05-02T10:40:15Z)
        /5/0/0    -                     Opaque   0xdead (2 bytes)
        """)
    }

    @Test("JSON keeps numbers and booleans native, opaque as hex")
    func json() {
        let nodes = LwM2MNodes([lwp(3, 0, 9): .integer(100), lwp(3, 0, 20): .boolean(true), lwp(5, 0, 0): .opaque([1, 255]), lwp(3, 0, 0): .string("A \"q\"")])
        #expect(PayloadListing(nodes).json == #"[{"path":"/3/0/0","name":null,"type":"String","value":"A \"q\""},{"path":"/3/0/9","name":null,"type":"Integer","value":100},{"path":"/3/0/20","name":null,"type":"Boolean","value":true},{"path":"/5/0/0","name":null,"type":"Opaque","value":"01ff"}]"#)
    }

    @Test("ISO 8601 dates of epoch seconds, before 1970 and in leap years", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"), (-2_208_988_800, "1900-01-01T00:00:00Z"),
    ])
    func iso8601(seconds: Int64, text: String) {
        #expect(PayloadListing.iso8601(seconds) == text)
    }

    @Test("an empty payload says so")
    func empty() {
        #expect(PayloadListing(LwM2MNodes()).text == "(no values)")
    }
}
