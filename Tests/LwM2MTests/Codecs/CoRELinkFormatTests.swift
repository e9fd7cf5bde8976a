import Foundation
import Testing
@testable import LwM2M

@Suite("CoRE link format")
struct CoRELinkFormatTests {
    @Test("parses a registration payload and tells what the client announced")
    func registration() throws {
        let links = try CoRELinkFormat.parse(try CodecFixture.text("registration-links.txt"))
        #expect(links.map(\.target) == ["/", "/1/0", "/3/0", "/5/0", "/3303", "/3303/0", "/3303/1"])
        #expect(links[0].attribute("rt") == "oma.lwm2m")
        #expect(links.lwm2mRootPath == "/")
        #expect(links.announcedPaths == [lwp(1, 0), lwp(3, 0), lwp(5, 0), lwp(3303), lwp(3303, 0), lwp(3303, 1)])
        #expect(links.announcedContentFormatNumbers == [60, 110, 112, 1542, 1543, 11542, 11543])
        #expect(links.announcedContentFormats == [.cbor, .senmlJSON, .senmlCBOR, .legacyTLV, .legacyLwM2MJSON, .tlv, .lwm2mJSON])
        #expect(links.objectVersions == [3: "1.1", 3303: "1.1"])
    }

    @Test("the brief's example: unquoted ct, ver on an instance")
    func shortRegistration() throws {
        let links = try CoRELinkFormat.parse(#"</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1"#)
        #expect(links.announcedContentFormats == [.lwm2mJSON])
        #expect(links.objectVersions == [3: "1.1"])
        #expect(CoRELinkFormat.render(links) == #"</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1"#)
    }

    @Test("an alternate root path prefixes every object link")
    func alternateRoot() throws {
        let links = try CoRELinkFormat.parse(#"</lwm2m>;rt="oma.lwm2m", </lwm2m/1/0>, </lwm2m/3/0>, </other/9>"#)
        #expect(links.lwm2mRootPath == "/lwm2m")
        #expect(links.announcedPaths == [lwp(1, 0), lwp(3, 0)])
    }

    @Test("parses a Discover answer with attributes and a quoted value holding , ; and escaped quotes")
    func discover() throws {
        let links = try CoRELinkFormat.parse(try CodecFixture.text("discover-3-0.txt"))
        #expect(links.count == 5)
        #expect(links[0].numericAttribute("pmin") == 10)
        #expect(links[0].numericAttribute("pmax") == 60)
        #expect(links[2].dimension == 2)
        #expect(links[3].numericAttribute("gt") == 4200)
        #expect(links[3].numericAttribute("lt") == 3300)
        #expect(links[3].numericAttribute("st") == 100)
        #expect(links[4].attribute("title") == #"UTC offset, "local"; signed"#)
        #expect(links.map { $0.lwm2mPath() } == [lwp(3, 0), lwp(3, 0, 1), lwp(3, 0, 6), lwp(3, 0, 7), lwp(3, 0, 14)])
    }

    @Test("render then parse gives the same links")
    func roundTrip() throws {
        let text = try CodecFixture.text("discover-3-0.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let links = try CoRELinkFormat.parse(text)
        #expect(CoRELinkFormat.render(links) == text)
        let built = [CoRELink(target: "/3/0/7", attributes: [CoRELinkAttribute(name: "dim", value: "2"), CoRELinkAttribute(name: "title", value: "a,b"), CoRELinkAttribute(name: "obs")])]
        #expect(CoRELinkFormat.render(built) == #"</3/0/7>;dim=2;title="a,b";obs"#)
        #expect(try CoRELinkFormat.parse(CoRELinkFormat.render(built)) == built)
    }

    @Test("whitespace and line breaks between links are tolerated; an empty document has no links")
    func whitespace() throws {
        #expect(try CoRELinkFormat.parse(" </1/0> ,\n </3/0> ; ver = 1.1 ").map(\.target) == ["/1/0", "/3/0"])
        #expect(try CoRELinkFormat.parse("").isEmpty)
    }

    @Test("errors name the byte offset", arguments: [
        ("</1/0", 0, "never closes"),
        ("/1/0>", 0, "expected '<'"),
        ("</1/0>;", 7, "expected a parameter name"),
        (#"</1/0>;rt="abc"#, 10, "never ends"),
        ("</1/0>;ct=", 10, "expected a value"),
        ("</1/0> </3/0>", 7, "expected ','"),
        ("</1/0>,", 7, "expected '<'"),
    ])
    func errors(text: String, offset: Int, reason: String) {
        let error = #expect(throws: CoRELinkError.self) { try CoRELinkFormat.parse(text) }
        #expect(error?.offset == offset, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }
}
