import Testing
@testable import LwM2M

@Suite("Shell command parsing")
struct ShellCommandParserTests {
    @Test("read, observe, discover, delete and the cancels take one path")
    func singlePathCommands() throws {
        #expect(try command("read /3/0/0") == .read(p(3, 0, 0)))
        #expect(try command("read /3") == .read(p(3)))
        #expect(try command("read /3/0/7/1") == .read(p(3, 0, 7, 1)))
        #expect(try command("observe /3303/0/5700") == .observe(p(3303, 0, 5700)))
        #expect(try command("discover /3/0") == .discover(p(3, 0)))
        #expect(try command("delete /3303/1") == .delete(p(3303, 1)))
        #expect(try command("delete /3/0/11/2") == .delete(p(3, 0, 11, 2)))
        #expect(try command("cancelobservation /3/0/9") == .cancelObservation(p(3, 0, 9)))
        #expect(try command("cancelobserve /3/0/9") == .cancelObserve(p(3, 0, 9)))
    }

    @Test("verbs are case-insensitive and surrounding blanks are ignored")
    func verbCase() throws {
        #expect(try command("  READ   /3/0/0  ") == .read(p(3, 0, 0)))
        #expect(try command("cancelcompositeobserve /3/0/9") == .cancelCompositeObserve([p(3, 0, 9)]))
        #expect(try command("cancelCompositeObserve /3/0/9 /3/0/10") == .cancelCompositeObserve([p(3, 0, 9), p(3, 0, 10)]))
    }

    @Test("composite read and observe take several paths, root included")
    func compositeCommands() throws {
        #expect(try command("cread /3/0/0 /3/0/9 /3303/0") == .compositeRead([p(3, 0, 0), p(3, 0, 9), p(3303, 0)]))
        #expect(try command("cread /") == .compositeRead([.root]))
        #expect(try command("cobserve /3/0/9 /3303/0/5700") == .compositeObserve([p(3, 0, 9), p(3303, 0, 5700)]))
    }

    @Test("execute takes an LwM2M argument list")
    func executeArguments() throws {
        #expect(try command("execute /3/0/4") == .execute(p(3, 0, 4), arguments: []))
        #expect(try command("execute /3/0/4 0='on',1,2='a=b:c'") == .execute(p(3, 0, 4), arguments: [
            ExecuteArgument(digit: 0, value: "on"), ExecuteArgument(digit: 1), ExecuteArgument(digit: 2, value: "a=b:c"),
        ]))
        #expect(try command("execute /3/0/4 5=''") == .execute(p(3, 0, 4), arguments: [ExecuteArgument(digit: 5, value: "")]))
        #expect(ExecuteArgument.payload([ExecuteArgument(digit: 0, value: "on"), ExecuteArgument(digit: 1)]) == "0='on',1")
    }

    @Test("executelegacy sends the rest of the line as typed")
    func executeLegacy() throws {
        #expect(try command("executelegacy /3/0/4 reboot now, please") == .executeLegacy(p(3, 0, 4), payload: "reboot now, please"))
        #expect(try command("executelegacy /3/0/4") == .executeLegacy(p(3, 0, 4), payload: ""))
    }

    @Test("write types the value by the model")
    func writeSingleValues() throws {
        #expect(try command("write /1/0/1 300") == .write(p(1, 0, 1), LwM2MNodes([p(1, 0, 1): .integer(300)])))
        #expect(try command("write /3/0/15 Europe/Berlin") == .write(p(3, 0, 15), LwM2MNodes([p(3, 0, 15): .string("Europe/Berlin")])))
        #expect(try command(#"write /3/0/15 "Central Time \"US\"""#) == .write(p(3, 0, 15), LwM2MNodes([p(3, 0, 15): .string(#"Central Time "US""#)])))
        #expect(try command("write /3/0/14 +02:00") == .write(p(3, 0, 14), LwM2MNodes([p(3, 0, 14): .string("+02:00")])))
        #expect(try command("write /3311/0/5850 true") == .write(p(3311, 0, 5850), LwM2MNodes([p(3311, 0, 5850): .boolean(true)])))
        #expect(try command("write /3311/0/5850 0") == .write(p(3311, 0, 5850), LwM2MNodes([p(3311, 0, 5850): .boolean(false)])))
        #expect(try command("write /3323/0/5821 -1.25") == .write(p(3323, 0, 5821), LwM2MNodes([p(3323, 0, 5821): .float(-1.25)])))
        #expect(try command("write /3/0/13 1700000000") == .write(p(3, 0, 13), LwM2MNodes([p(3, 0, 13): .time(1_700_000_000)])))
        #expect(try command("write /3/0/13 2023-11-14T22:13:20Z") == .write(p(3, 0, 13), LwM2MNodes([p(3, 0, 13): .time(1_700_000_000)])))
        #expect(try command("write /1/0/10 11:0") == .write(p(1, 0, 10), LwM2MNodes([p(1, 0, 10): .objlnk(ObjectLink(objectID: 11, instanceID: 0))])))
        #expect(try command("write /5/0/0 0a0bff") == .write(p(5, 0, 0), LwM2MNodes([p(5, 0, 0): .opaque([0x0a, 0x0b, 0xff])])))
        #expect(try command(#"write /5/0/1 """#) == .write(p(5, 0, 1), LwM2MNodes([p(5, 0, 1): .string("")])))
        #expect(try command("write /5/0/13 86400") == .write(p(5, 0, 13), LwM2MNodes([p(5, 0, 13): .unsignedInteger(86400)])))
    }

    @Test("write to a multiple-instance resource takes an array or an object of instances")
    func writeMultipleInstances() throws {
        #expect(try command("write /2/0/2 [1,15]") == .write(p(2, 0, 2), LwM2MNodes([p(2, 0, 2, 0): .integer(1), p(2, 0, 2, 1): .integer(15)])))
        #expect(try command(#"write /2/0/2 {"3":7,"101":31}"#) == .write(p(2, 0, 2), LwM2MNodes([p(2, 0, 2, 3): .integer(7), p(2, 0, 2, 101): .integer(31)])))
        #expect(try command("write /2/0/2/4 16") == .write(p(2, 0, 2, 4), LwM2MNodes([p(2, 0, 2, 4): .integer(16)])))
    }

    @Test("write to an object instance takes a JSON object of resources")
    func writeInstance() throws {
        let expected = LwM2MNodes([
            p(1, 0, 1): .integer(600), p(1, 0, 7): .string("UQ"), p(1, 0, 6): .boolean(true),
        ])
        #expect(try command(#"write /1/0 {"1":600,"7":"UQ","6":true}"#) == .write(p(1, 0), expected))
        // String forms are typed by the model too.
        #expect(try command(#"write /1/0 {"1":"600","7":"UQ","6":"1"}"#) == .write(p(1, 0), expected))
    }

    @Test("unknown objects keep raw values: text as String, JSON by its own type")
    func unknownResources() throws {
        #expect(try command("write /40000/0/1 42") == .write(p(40000, 0, 1), LwM2MNodes([p(40000, 0, 1): .string("42")])))
        #expect(try command(#"write /40000/0 {"1":42,"2":1.5,"3":true,"4":"x","5":[1,2]}"#) == .write(p(40000, 0), LwM2MNodes([
            p(40000, 0, 1): .integer(42), p(40000, 0, 2): .float(1.5), p(40000, 0, 3): .boolean(true),
            p(40000, 0, 4): .string("x"), p(40000, 0, 5, 0): .integer(1), p(40000, 0, 5, 1): .integer(2),
        ])))
        #expect(try command("read /40000/0/1") == .read(p(40000, 0, 1)))
        #expect(try command("execute /40000/0/1") == .execute(p(40000, 0, 1), arguments: []))
    }

    @Test("writep updates part of an instance or a multiple-instance resource")
    func partialWrite() throws {
        #expect(try command(#"writep /3/0 {"14":"+01:00","15":"Europe/Paris"}"#) == .partialWrite(p(3, 0), LwM2MNodes([
            p(3, 0, 14): .string("+01:00"), p(3, 0, 15): .string("Europe/Paris"),
        ])))
        #expect(try command(#"writep /2/0 {"2/5":3}"#) == .partialWrite(p(2, 0), LwM2MNodes([p(2, 0, 2, 5): .integer(3)])))
        #expect(try command(#"writep /2/0/2 {"5":3}"#) == .partialWrite(p(2, 0, 2), LwM2MNodes([p(2, 0, 2, 5): .integer(3)])))
    }

    @Test("cwrite writes resources of several objects")
    func compositeWrite() throws {
        #expect(try command(#"cwrite {"/1/0/1":120,"/3/0/15":"UTC","/3311/0/5851":40}"#) == .compositeWrite(LwM2MNodes([
            p(1, 0, 1): .integer(120), p(3, 0, 15): .string("UTC"), p(3311, 0, 5851): .integer(40),
        ])))
    }

    @Test("writeb takes hex, with or without 0x")
    func binaryWrite() throws {
        #expect(try command("writeb /5/0/0 DEADbeef") == .binaryWrite(p(5, 0, 0), [0xde, 0xad, 0xbe, 0xef]))
        #expect(try command("writeb /5/0/0 0x00ff") == .binaryWrite(p(5, 0, 0), [0x00, 0xff]))
    }

    @Test("create takes an object (or instance) and optional initial values")
    func create() throws {
        #expect(try command("create /3303") == .create(CreateRequest(objectID: 3303)))
        #expect(try command(#"create /3303 {"5750":"Boiler","5700":21.5}"#) == .create(CreateRequest(objectID: 3303, resources: [
            5750: .single(.string("Boiler")), 5700: .single(.float(21.5)),
        ])))
        #expect(try command(#"create /2/7 {"0":3303,"1":1,"2":[15,1],"3":1}"#) == .create(CreateRequest(objectID: 2, instanceID: 7, resources: [
            0: .single(.integer(3303)), 1: .single(.integer(1)), 2: .multiple([0: .integer(15), 1: .integer(1)]), 3: .single(.integer(1)),
        ])))
    }

    @Test("writeattr sets, clears and cancels attributes")
    func writeAttributes() throws {
        #expect(try command("writeattr /3/0/9 pmin=10&pmax=60") == .writeAttributes(p(3, 0, 9), NotificationAttributes(pmin: .set(10), pmax: .set(60))))
        #expect(try command("writeattr /3303/0/5700 gt=30.5&lt=10&st=2") == .writeAttributes(p(3303, 0, 5700), NotificationAttributes(gt: .set(30.5), lt: .set(10), st: .set(2))))
        #expect(try command("writeattr /3/0 pmin pmax=") == .writeAttributes(p(3, 0), NotificationAttributes(pmin: .clear, pmax: .clear)))
        #expect(try command("writeattr /3/0/9 cancel") == .writeAttributes(p(3, 0, 9), NotificationAttributes(cancel: true)))
        #expect(try command("writeattr /3/0/9 epmin=1&epmax=5") == .writeAttributes(p(3, 0, 9), NotificationAttributes(epmin: .set(1), epmax: .set(5))))
        let attributes = NotificationAttributes(pmin: .set(10), pmax: .clear, gt: .set(30.5), st: .set(2), cancel: true)
        #expect(attributes.queryItems == ["pmin=10", "pmax", "gt=30.5", "st=2", "cancel"])
    }

    @Test("fwupdate takes name, version and URL")
    func firmwareUpdate() throws {
        #expect(try command("fwupdate sensor-fw;1.2.3;http://repo.example.com/fw/sensor-1.2.3.bin") == .firmwareUpdate(
            FirmwareUpdateRequest(name: "sensor-fw", version: "1.2.3", url: "http://repo.example.com/fw/sensor-1.2.3.bin")))
        #expect(try command("fwupdate My Firmware ; 2.0 ; coaps://10.0.0.1:5684/fw;v=2") == .firmwareUpdate(
            FirmwareUpdateRequest(name: "My Firmware", version: "2.0", url: "coaps://10.0.0.1:5684/fw;v=2")))
    }

    @Test("serialization takes one of the format names")
    func serialization() throws {
        #expect(try command("serialization TLV") == .serialization(.tlv))
        #expect(try command("serialization senml_cbor") == .serialization(.senmlCBOR))
        #expect(try command("serialization SENML-JSON") == .serialization(.senmlJSON))
        #expect(try command("serialization DEFAULT") == .serialization(.default))
        #expect(SerializationSetting.json.contentFormat == .lwm2mJSON)
        #expect(SerializationSetting.default.contentFormat == nil)
    }

    @Test("coap takes a JSON request")
    func rawCoAP() throws {
        #expect(try command(#"coap {"method":"GET","uri":"/3/0/0","accept":0}"#) == .coap(RawCoAPRequest(method: .get, uriPath: ["3", "0", "0"], accept: 0)))
        #expect(try command(#"coap {"method":"put","uri":"/1/0/1?x=1&y","contentFormat":0,"payloadHex":"333030"}"#) == .coap(
            RawCoAPRequest(method: .put, uriPath: ["1", "0", "1"], uriQuery: ["x=1", "y"], contentFormat: 0, payload: Array("300".utf8))))
        #expect(RawCoAPRequest.Method.fetch.code == 5)
    }

    @Test("--timeout is taken from anywhere on the line in ms, s or m")
    func timeouts() throws {
        let requests = try ShellCommandParser.parse("""
            read /3/0/0 --timeout 5s
            read --timeout=250ms /3/0/1
            write /3/0/15 Europe --timeout 2m Berlin
            read /3/0/2 --timeout 1500
            read /3/0/3 --timeout 1.5s
            read /3/0/9
            """, model: .builtIn)
        #expect(requests.map(\.timeout) == [.seconds(5), .milliseconds(250), .seconds(120), .milliseconds(1500), .milliseconds(1500), nil])
        #expect(requests[1].command == .read(p(3, 0, 1)))
        // The option is removed from free text; the words around it stay.
        #expect(requests[2].command == .write(p(3, 0, 15), LwM2MNodes([p(3, 0, 15): .string("Europe Berlin")])))
        // Inside quotes it is just text.
        #expect(try command(#"write /3/0/15 "--timeout 5s""#) == .write(p(3, 0, 15), LwM2MNodes([p(3, 0, 15): .string("--timeout 5s")])))
    }

    @Test("several lines become several requests with their line numbers; blanks and comments are skipped")
    func multiLine() throws {
        let requests = try ShellCommandParser.parse("read /3/0/0\r\n\n# reboot next\nexecute /3/0/4\n   \nobserve /3/0/9 --timeout 10s\n", model: .builtIn)
        #expect(requests.map(\.lineNumber) == [1, 4, 6])
        #expect(requests.map(\.line) == ["read /3/0/0", "execute /3/0/4", "observe /3/0/9 --timeout 10s"])
        #expect(requests.map(\.command.verb) == [.read, .execute, .observe])
    }

    @Test("every verb has a syntax line and parses at least one example")
    func everyVerbCovered() throws {
        let examples: [ShellVerb: String] = [
            .read: "read /3/0/0", .cread: "cread /3/0/0 /3/0/1", .observe: "observe /3/0/9", .cobserve: "cobserve /3/0/9",
            .execute: "execute /3/0/4", .executelegacy: "executelegacy /3/0/4 x", .write: "write /1/0/1 60",
            .cwrite: #"cwrite {"/1/0/1":60}"#, .writep: #"writep /1/0 {"1":60}"#, .writeb: "writeb /5/0/0 00",
            .cancelobservation: "cancelobservation /3/0/9", .cancelobserve: "cancelobserve /3/0/9",
            .cancelCompositeObserve: "cancelCompositeObserve /3/0/9", .delete: "delete /3303/0", .discover: "discover /3",
            .create: "create /3303", .writeattr: "writeattr /3/0/9 pmax=60", .fwupdate: "fwupdate a;1;http://h/f",
            .serialization: "serialization TLV", .coap: #"coap {"method":"GET","uri":"/3"}"#,
        ]
        for verb in ShellVerb.allCases {
            let example = try #require(examples[verb], "no example for \(verb)")
            #expect(try command(example).verb == verb)
            #expect(verb.syntax.hasPrefix(verb.rawValue))
        }
    }

    @Test("durations parse with units and refuse the rest")
    func durations() {
        #expect(ShellCommandParser.parseDuration("500ms") == .milliseconds(500))
        #expect(ShellCommandParser.parseDuration("5S") == .seconds(5))
        #expect(ShellCommandParser.parseDuration("3m") == .seconds(180))
        #expect(ShellCommandParser.parseDuration("0s") == nil)
        #expect(ShellCommandParser.parseDuration("-5s") == nil)
        #expect(ShellCommandParser.parseDuration("5h") == nil)
        #expect(ShellCommandParser.parseDuration("s") == nil)
        #expect(ShellCommandParser.parseDuration("1e3s") == nil)
    }
}

@Suite("Shell command parsing: quoting")
struct ShellQuotingTests {
    @Test("a single quoted word is unquoted for free-text payloads too")
    func quotedLegacyPayload() throws {
        #expect(try command(#"executelegacy /3/0/4 "a \"b\" c""#) == .executeLegacy(p(3, 0, 4), payload: #"a "b" c"#))
        #expect(try command(#"executelegacy /3/0/4 "a" b"#) == .executeLegacy(p(3, 0, 4), payload: #""a" b"#))
    }
}
