import Testing
@testable import LwM2M

@Suite("Shell completion")
struct ShellCompletionTests {
    /// What a device registering `</1/0>,</3/0>,</3303/0>,</3303/1>,</40000/0>` announces.
    let devicePaths = [p(1, 0), p(3, 0), p(3303, 0), p(3303, 1), p(40000, 0)]

    func texts(_ input: String) -> [String] {
        ShellCompletion.candidates(for: input, model: .builtIn, devicePaths: devicePaths).map(\.text)
    }

    @Test("the first word completes to verbs with their summaries")
    func verbs() {
        #expect(texts("") == ShellVerb.allCases.map(\.rawValue))
        #expect(texts("ca") == ["cancelobservation", "cancelobserve", "cancelCompositeObserve"])
        #expect(texts("cancelc") == ["cancelCompositeObserve"])
        #expect(texts("wr") == ["write", "writep", "writeb", "writeattr"])
        let read = ShellCompletion.candidates(for: "rea", model: .builtIn, devicePaths: [])
        #expect(read == [CompletionCandidate(text: "read", description: ShellVerb.read.summary, kind: .verb, replacementStart: 0)])
    }

    @Test("paths complete level by level from the device's objects")
    func pathLevels() {
        #expect(texts("read ") == ["/1", "/3", "/3303", "/40000"])
        #expect(texts("read /3") == ["/3", "/3303"])
        #expect(texts("read /3303/") == ["/3303/0", "/3303/1"])
        #expect(texts("read /3/0/1") == ["/3/0/1", "/3/0/10", "/3/0/11", "/3/0/13", "/3/0/14", "/3/0/15", "/3/0/16", "/3/0/17", "/3/0/18", "/3/0/19"])
        // An object the model does not know offers only what the device announced.
        #expect(texts("read /40000/0/") == [])
    }

    @Test("resource candidates carry names and match what the verb needs")
    func resourceFilters() throws {
        let executable = texts("execute /3/0/")
        #expect(executable == ["/3/0/4", "/3/0/5", "/3/0/12"])
        let writable = texts("write /1/0/")
        #expect(writable.contains("/1/0/1") && !writable.contains("/1/0/0") && !writable.contains("/1/0/4"))
        let readable = texts("observe /3/0/")
        #expect(readable.contains("/3/0/0") && !readable.contains("/3/0/4"))
        let candidate = try #require(ShellCompletion.candidates(for: "read /3/0/9", model: .builtIn, devicePaths: devicePaths).first)
        #expect(candidate == CompletionCandidate(text: "/3/0/9", description: "Battery Level (Integer, R)", kind: .path, replacementStart: 5))
        let object = try #require(ShellCompletion.candidates(for: "read /3303/1", model: .builtIn, devicePaths: devicePaths).first)
        #expect(object.description == "Temperature")
    }

    @Test("composite verbs keep offering paths; single-path verbs stop after one")
    func severalPaths() {
        #expect(texts("cread /3/0/0 /1/") == ["/1/0"])
        #expect(texts("read /3/0/0 /1/") == [])
        #expect(texts("read /3/0/0 ") == ["--timeout"])
    }

    @Test("--timeout is offered once, and durations after it")
    func timeoutOption() {
        #expect(texts("read /3/0/0 --") == ["--timeout"])
        #expect(texts("read /3/0/0 --timeout ") == ["5s", "30s", "1m", "3m"])
        #expect(texts("read /3/0/0 --timeout 5s --") == [])
        #expect(texts("read /3/0/0 --timeout 5s ") == [])
    }

    @Test("writeattr offers attribute names and serialization offers formats")
    func argumentValues() {
        #expect(texts("writeattr /3/0/9 p") == ["pmin=", "pmax="])
        #expect(texts("serialization senml") == ["SENML_JSON", "SENML_CBOR"])
    }

    @Test("only the last line of multi-line input is completed, with the offset into the whole input")
    func multiLine() throws {
        let candidates = ShellCompletion.candidates(for: "read /3/0/0\nexe", model: .builtIn, devicePaths: devicePaths)
        #expect(candidates.map(\.text) == ["execute", "executelegacy"])
        #expect(candidates.first?.replacementStart == 12)
        #expect(texts("frobnicate /3") == [])
    }
}
