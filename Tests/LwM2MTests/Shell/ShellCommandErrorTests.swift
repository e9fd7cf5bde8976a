import Testing
@testable import LwM2M

/// One refused input with the line and message a user sees.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let input: String
    let line: Int
    let message: String
    init(_ input: String, _ line: Int, _ message: String) {
        self.input = input
        self.line = line
        self.message = message
    }
    var testDescription: String { input.count > 50 ? String(input.prefix(50)) + "…" : input }
}

@Suite("Shell command errors")
struct ShellCommandErrorTests {
    /// Every refusal the parser makes, with its exact wording (reviewed for clarity).
    static let cases: [ErrorCase] = [
        ErrorCase("", 0, "no command given; verbs: read, cread, observe, cobserve, execute, executelegacy, write, cwrite, writep, writeb, cancelobservation, cancelobserve, cancelCompositeObserve, delete, discover, create, writeattr, fwupdate, serialization, coap"),
        ErrorCase("  \n# only a comment", 0, "no command given; verbs: read, cread, observe, cobserve, execute, executelegacy, write, cwrite, writep, writeb, cancelobservation, cancelobserve, cancelCompositeObserve, delete, discover, create, writeattr, fwupdate, serialization, coap"),
        ErrorCase("reed /3/0/0", 1, "unknown command 'reed'; verbs: read, cread, observe, cobserve, execute, executelegacy, write, cwrite, writep, writeb, cancelobservation, cancelobserve, cancelCompositeObserve, delete, discover, create, writeattr, fwupdate, serialization, coap"),
        ErrorCase("read", 1, "read: a path is missing"),
        ErrorCase("read 3/0/0", 1, "read: '3/0/0' is not a path; paths start with / (e.g. /3/0/0)"),
        ErrorCase("read /3/0/0/0/0", 1, "read: '/3/0/0/0/0' is not a valid path: a path has at most 4 levels (/object/instance/resource/resourceInstance)"),
        ErrorCase("read /70000", 1, "read: '/70000' is not a valid path: '70000' is not an ID from 0 to 65534"),
        ErrorCase("read /", 1, "read: a path of the form /o, /o/i, /o/i/r or /o/i/r/ri is needed, not '/'"),
        ErrorCase("read /3/0/0 /3/0/1", 1, "read: expected one path, found extra text '/3/0/1'"),
        ErrorCase("read /3/0/4", 1, "read: /3/0/4 Reboot is not readable (its operations are E)"),
        ErrorCase("read /0/0/3", 1, "read: /0/0/3 Public Key or Identity is not readable (its operations are none)"),
        ErrorCase("read /3/0/0/1", 1, "read: /3/0/0 Manufacturer is a single-instance resource; use /3/0/0"),
        ErrorCase("observe /5/0/0", 1, "observe: /5/0/0 Package is not readable (its operations are W)"),
        ErrorCase("discover /3/0/0/1", 1, "discover: a path of the form /o, /o/i or /o/i/r is needed, not '/3/0/0/1'"),
        ErrorCase("delete /3", 1, "delete: a path of the form /o/i or /o/i/r/ri is needed, not '/3'"),
        ErrorCase("delete /3/0/1", 1, "delete: a path of the form /o/i or /o/i/r/ri is needed, not '/3/0/1'"),
        ErrorCase("cancelobserve", 1, "cancelobserve: a path is missing"),
        ErrorCase("cread", 1, "cread: at least one path is needed"),
        ErrorCase("cread /3/0/0 /3/0/0", 1, "cread: /3/0/0 is given twice"),
        ErrorCase("cobserve /3/0/4", 1, "cobserve: /3/0/4 Reboot is not readable (its operations are E)"),
        ErrorCase("execute /3/0/0", 1, "execute: /3/0/0 Manufacturer is not executable (its operations are R)"),
        ErrorCase("execute /3/0", 1, "execute: a path of the form /o/i/r is needed, not '/3/0'"),
        ErrorCase("execute /3/0/4 a", 1, "execute: arguments must look like 0='value',1 (a digit, optionally ='value'); found 'a'"),
        ErrorCase("execute /3/0/4 0=on", 1, "execute: the value of argument 0 must be in single quotes, e.g. 0='on'"),
        ErrorCase("execute /3/0/4 0='on", 1, "execute: the value of argument 0 has no closing quote"),
        ErrorCase("execute /3/0/4 0='a b'", 1, "execute: argument 0 contains a space, which an LwM2M argument value cannot hold"),
        ErrorCase("execute /3/0/4 0='x',0", 1, "execute: argument 0 is given twice"),
        ErrorCase("execute /3/0/4 0;1", 1, "execute: arguments are separated by commas; unexpected ';1'"),
        ErrorCase("execute", 1, "execute: a path is missing"),
        ErrorCase("write /3/0/9 abc", 1, "write: /3/0/9 Battery Level is not writable (its operations are R)"),
        ErrorCase("write /1/0/1 abc", 1, "write: /1/0/1 Lifetime (Integer): 'abc' is not an Integer (a whole number such as 42 or -7)"),
        ErrorCase("write /3/0/0 Acme", 1, "write: /3/0/0 Manufacturer is not writable (its operations are R)"),
        ErrorCase("write /3/0/4 1", 1, "write: /3/0/4 Reboot is not writable (its operations are E)"),
        ErrorCase("write /1/0/1", 1, "write: a value is missing after /1/0/1"),
        ErrorCase("write /1/0/1 99999999999999999999", 1, "write: /1/0/1 Lifetime (Integer): '99999999999999999999' is not an Integer (a whole number such as 42 or -7)"),
        ErrorCase("write /3311/0/5851 150", 1, "write: /3311/0/5851 Dimmer (Integer): 150 is outside the allowed range 0..100"),
        ErrorCase("write /3311/0/5850 yes", 1, "write: /3311/0/5850 On/Off (Boolean): 'yes' is not a Boolean (true, false, 1 or 0)"),
        ErrorCase("write /3323/0/5821 fast", 1, "write: /3323/0/5821 Current Calibration (Float): 'fast' is not a Float (a number such as 21.5 or -3e2)"),
        ErrorCase("write /3/0/13 yesterday", 1, "write: /3/0/13 Current Time (Time): 'yesterday' is not a Time (seconds since 1970, or ISO 8601 such as 2026-11-24T20:00:00Z)"),
        ErrorCase("write /1/0/10 3", 1, "write: /1/0/10 APN Link (Objlnk): '3' is not an Objlnk (objectID:instanceID such as 3:0; 65535:65535 is the null link)"),
        ErrorCase("write /5/0/0 xyz", 1, "write: /5/0/0 Package (Opaque): 'xyz' is not Opaque data in hex (an even number of hex digits such as 0a1bff)"),
        ErrorCase("write /5/0/0 abc", 1, "write: /5/0/0 Package (Opaque): 'abc' is not Opaque data in hex (an even number of hex digits such as 0a1bff)"),
        ErrorCase("write /5/0/13 -1", 1, "write: /5/0/13 Maximum Defer Period (Unsigned Integer): '-1' is not an Unsigned Integer (a whole number from 0 to 18446744073709551615)"),
        ErrorCase("write /3/0/15/0 x", 1, "write: /3/0/15 Timezone is a single-instance resource; use /3/0/15"),
        ErrorCase("write /3 1", 1, "write: a path of the form /o/i, /o/i/r or /o/i/r/ri is needed, not '/3'"),
        ErrorCase("write /2/0/2 5", 1, "write: /2/0/2 ACL (Integer) is a multiple-instance resource; give [v0,v1,…] or {\"ri\":v,…}"),
        ErrorCase("write /1/0 {\"1\":\"x\"}", 1, "write: /1/0/1 Lifetime (Integer): 'x' is not an Integer (a whole number such as 42 or -7)"),
        ErrorCase("write /1/0 {\"a\":1}", 1, "write: 'a' is not a resource ID (or resourceID/instanceID) under /1/0"),
        ErrorCase("write /1/0 [1]", 1, "write: the values for /1/0: expected a JSON object such as {\"1\":300}"),
        ErrorCase("write /1/0 {\"1\":}", 1, "write: the values for /1/0: not valid JSON (Invalid value around character 5.)"),
        ErrorCase("write /1/0 {\"0\":5}", 1, "write: /1/0/0 Short Server ID is not writable (its operations are R)"),
        ErrorCase("write /1/0 {\"4\":1}", 1, "write: /1/0/4 Disable is not writable (its operations are E)"),
        ErrorCase("write /1/0 {\"1\":[1]}", 1, "write: /1/0/1 Lifetime (Integer): expected a single value, found an array"),
        ErrorCase("write /5/0/1 " + String(repeating: "x", count: 256), 1, "write: /5/0/1 Package URI (String): a length of 256 bytes is outside the allowed range 0..255"),
        ErrorCase("writep /3/0/0 {\"0\":1}", 1, "writep: /3/0/0 Manufacturer is not writable (its operations are R)"),
        ErrorCase("writep /3/0 {}", 1, "writep: the JSON object is empty; nothing to update"),
        ErrorCase("writep /3/0", 1, "writep: a JSON object of values is missing after /3/0"),
        ErrorCase("writep /3", 1, "writep: a path of the form /o/i or /o/i/r is needed, not '/3'"),
        ErrorCase("writep /2/0/2 {\"x\":1}", 1, "writep: 'x' is not a resource instance ID (0–65534) under /2/0/2"),
        ErrorCase("cwrite", 1, "cwrite: a JSON object of paths and values is missing"),
        ErrorCase("cwrite {}", 1, "cwrite: the JSON object is empty; nothing to write"),
        ErrorCase("cwrite {\"/3/0/0\":\"x\"}", 1, "cwrite: /3/0/0 Manufacturer is not writable (its operations are R)"),
        ErrorCase("cwrite {\"/3/0\":\"x\"}", 1, "cwrite: a path of the form /o/i/r or /o/i/r/ri is needed, not '/3/0'"),
        ErrorCase("cwrite {\"3/0/1\":\"x\"}", 1, "cwrite: '3/0/1' is not a path; paths start with / (e.g. /3/0/0)"),
        ErrorCase("cwrite [1]", 1, "cwrite: the composite values: expected a JSON object such as {\"/1/0/1\":300}"),
        ErrorCase("writeb /3/0/15 00", 1, "writeb: /3/0/15 Timezone (String) is not Opaque; writeb sends raw bytes (use write for other types)"),
        ErrorCase("writeb /5/0/0", 1, "writeb: hex data is missing after /5/0/0"),
        ErrorCase("writeb /5/0/0 0g", 1, "writeb: '0g' is not hex data (an even number of hex digits such as 0a1bff)"),
        ErrorCase("writeb /5/0/0 00 11", 1, "writeb: the hex data must be one word without spaces"),
        ErrorCase("writeb /5/0/0 abc", 1, "writeb: 'abc' is not hex data (an even number of hex digits such as 0a1bff)"),
        ErrorCase("create", 1, "create: an object path is missing"),
        ErrorCase("create /3/0/1", 1, "create: a path of the form /o or /o/i is needed, not '/3/0/1'"),
        ErrorCase("create /3303 {\"5605\":1}", 1, "create: /3303/0/5605 Reset Min and Max Measured Values is executable and holds no value"),
        ErrorCase("create /3303 {\"5700\":\"hot\"}", 1, "create: /3303/0/5700 Sensor Value (Float): 'hot' is not a Float (a number such as 21.5 or -3e2)"),
        ErrorCase("writeattr /3/0/9", 1, "writeattr: no attributes given for /3/0/9"),
        ErrorCase("writeattr", 1, "writeattr: a path and attributes are missing"),
        ErrorCase("writeattr /3/0/9 pmin=a", 1, "writeattr: pmin must be a whole number of seconds (0 or more), not 'a'"),
        ErrorCase("writeattr /3/0/9 pmin=-1", 1, "writeattr: pmin must be a whole number of seconds (0 or more), not '-1'"),
        ErrorCase("writeattr /3/0/9 foo=1", 1, "writeattr: unknown attribute 'foo'; use pmin, pmax, gt, lt, st, epmin, epmax or cancel"),
        ErrorCase("writeattr /3/0/9 pmin=1&pmin=2", 1, "writeattr: attribute 'pmin' is given twice"),
        ErrorCase("writeattr /3/0/9 pmin=60&pmax=10", 1, "writeattr: pmin (60) must not be greater than pmax (10)"),
        ErrorCase("writeattr /3/0 gt=5", 1, "writeattr: gt applies to a resource; /3/0 is not a resource path"),
        ErrorCase("writeattr /3/0/0 gt=5", 1, "writeattr: gt applies to numeric resources; /3/0/0 Manufacturer (String) is not numeric"),
        ErrorCase("writeattr /3/0/9 lt=50&gt=10", 1, "writeattr: lt (50) must be less than gt (10)"),
        ErrorCase("writeattr /3/0/9 lt=10&gt=20&st=5", 1, "writeattr: lt + 2×st must be less than gt (here 10 + 2×5 ≥ 20)"),
        ErrorCase("writeattr /3/0/9 st=-1", 1, "writeattr: st (step) cannot be negative"),
        ErrorCase("writeattr /3/0/9 cancel=1", 1, "writeattr: 'cancel' takes no value"),
        ErrorCase("writeattr /3/0/9 gt=abc", 1, "writeattr: gt must be a number, not 'abc'"),
        ErrorCase("writeattr /3/0/9 epmin=10&epmax=5", 1, "writeattr: epmin (10) must not be greater than epmax (5)"),
        ErrorCase("fwupdate", 1, "fwupdate: expected NAME;VERSION;URL separated by semicolons, found ''"),
        ErrorCase("fwupdate a;b", 1, "fwupdate: expected NAME;VERSION;URL separated by semicolons, found 'a;b'"),
        ErrorCase("fwupdate ;1;http://h/f", 1, "fwupdate: the firmware name is empty"),
        ErrorCase("fwupdate a;;http://h/f", 1, "fwupdate: the firmware version is empty"),
        ErrorCase("fwupdate a;1;ftp://h/f", 1, "fwupdate: 'ftp://h/f' is not a firmware URL (http, https, coap or coaps with a host)"),
        ErrorCase("fwupdate a;1;not a url", 1, "fwupdate: 'not a url' is not a firmware URL (http, https, coap or coaps with a host)"),
        ErrorCase("serialization", 1, "serialization: a format is missing; one of TLV, JSON, CBOR, TEXT, OPAQUE, SENML_JSON, SENML_CBOR, DEFAULT"),
        ErrorCase("serialization XML", 1, "serialization: 'XML' is not a format; one of TLV, JSON, CBOR, TEXT, OPAQUE, SENML_JSON, SENML_CBOR, DEFAULT"),
        ErrorCase("serialization TLV JSON", 1, "serialization: expected one format, found 'TLV JSON'"),
        ErrorCase("coap", 1, "coap: a JSON object describing the request is missing"),
        ErrorCase("coap [1]", 1, "coap: the request: expected a JSON object such as {\"method\":\"GET\",\"uri\":\"/3/0/0\"}"),
        ErrorCase("coap {\"method\":\"GET\"}", 1, "coap: \"uri\" is missing or does not start with / (e.g. \"/3/0/0\")"),
        ErrorCase("coap {\"uri\":\"/3\"}", 1, "coap: \"method\" is missing or not a string (GET, POST, PUT, DELETE, FETCH, PATCH, IPATCH)"),
        ErrorCase("coap {\"method\":\"BREW\",\"uri\":\"/3\"}", 1, "coap: 'BREW' is not a CoAP method (GET, POST, PUT, DELETE, FETCH, PATCH, IPATCH)"),
        ErrorCase("coap {\"method\":\"GET\",\"uri\":\"3\"}", 1, "coap: \"uri\" is missing or does not start with / (e.g. \"/3/0/0\")"),
        ErrorCase("coap {\"method\":\"GET\",\"uri\":\"/3\",\"accept\":70000}", 1, "coap: \"accept\" must be a content-format number from 0 to 65535"),
        ErrorCase("coap {\"method\":\"GET\",\"uri\":\"/3\",\"payloadHex\":\"zz\"}", 1, "coap: \"payloadHex\" must be a string of hex digits (even length)"),
        ErrorCase("coap {\"method\":\"GET\",\"uri\":\"/3\",\"payload\":\"x\"}", 1, "coap: unknown key 'payload'; the keys are method, uri, contentFormat, accept, payloadHex"),
        ErrorCase("coap {not json}", 1, "coap: the request: not valid JSON (Invalid value around character 1.)"),
        ErrorCase("read /3/0/0 --timeout", 1, "read: --timeout needs a duration such as 500ms, 5s or 2m"),
        ErrorCase("read /3/0/0 --timeout soon", 1, "read: 'soon' is not a duration; use a positive number with ms, s or m (e.g. 500ms, 5s, 2m)"),
        ErrorCase("read /3/0/0 --timeout 0s", 1, "read: '0s' is not a duration; use a positive number with ms, s or m (e.g. 500ms, 5s, 2m)"),
        ErrorCase("read /3/0/0 --timeout 1s --timeout 2s", 1, "read: --timeout is given twice"),
        ErrorCase("read /3/0/0 --verbose", 1, "read: unknown option '--verbose'; the only option is --timeout DURATION"),
        ErrorCase("write /3/0/15 \"unclosed", 1, "the quote opened at column 15 is never closed"),
        ErrorCase("write /1/0 {\"1\":1", 1, "the '{' opened at column 12 is never closed"),
        ErrorCase("read /3/0/0\nwrite /3/0/9 abc", 2, "write: /3/0/9 Battery Level is not writable (its operations are R)"),
    ]

    @Test("each bad command is refused with a message naming what is wrong", arguments: cases)
    func refusal(_ errorCase: ErrorCase) throws {
        let error = try #require(parseError(errorCase.input))
        #expect(error.message == errorCase.message)
        #expect(error.lineNumber == errorCase.line)
    }

    @Test("errors for a known verb show that verb's syntax")
    func syntaxShown() throws {
        let error = try #require(parseError("read /3/0/0\nwrite /3/0/9 abc"))
        #expect(error.syntax == ShellVerb.write.syntax)
        #expect(error.line == "write /3/0/9 abc")
        #expect(error.description == """
            line 2: write: /3/0/9 Battery Level is not writable (its operations are R)
              usage: write /o/i/r VALUE | write /o/i/r/ri VALUE | write /o/i/r [V,…] | write /o/i {"r":VALUE,…}
            """)
        let unknown = try #require(parseError("frobnicate /3"))
        #expect(unknown.syntax == nil)
    }

    @Test("the value check uses the model given: a loaded object's types are enforced")
    func loadedModelTypes() throws {
        let model = ObjectModel.builtIn.merging(ObjectModel([
            ObjectDefinition(id: 33000, name: "Pump", isMultiple: true, resources: [
                ResourceDefinition(id: 0, name: "Speed", operations: .readWrite, type: .integer, rangeEnumeration: "0..3000"),
            ]),
        ]))
        let error = try #require(parseError("write /33000/0/0 fast", model: model))
        #expect(error.message == "write: /33000/0/0 Speed (Integer): 'fast' is not an Integer (a whole number such as 42 or -7)")
        #expect(try command("write /33000/0/0 2500", model: model) == .write(p(33000, 0, 0), LwM2MNodes([p(33000, 0, 0): .integer(2500)])))
        // Without the definition the same text is accepted as a raw String.
        #expect(try command("write /33000/0/0 fast") == .write(p(33000, 0, 0), LwM2MNodes([p(33000, 0, 0): .string("fast")])))
    }
}
