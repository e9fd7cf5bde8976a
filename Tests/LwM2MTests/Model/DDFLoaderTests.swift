import Foundation
import Testing
@testable import LwM2M

@Suite("DDF loader")
struct DDFLoaderTests {
    static func fixtures(_ sub: String) throws -> URL {
        let base = try #require(Bundle.module.resourceURL)
        return base.appendingPathComponent("Fixtures/ddf/\(sub)")
    }

    static func loadError(_ name: String) throws -> DDFError {
        let file = try fixtures("bad/\(name)")
        do {
            _ = try ObjectModel.load(file: file)
        } catch {
            return error
        }
        Issue.record("\(name) loaded without error")
        return DDFError(file: "", line: nil, field: "", reason: "")
    }

    @Test("a folder of DDF files loads every object with all fields; non-XML files are ignored")
    func loadsGoodFolder() throws {
        let model = try ObjectModel.load(directory: try Self.fixtures("good"))
        #expect(model.objectIDs == [3303, 33000, 33001])

        let pump = try #require(model.object(33000))
        #expect(pump.name == "Pump Controller")
        #expect(pump.urn == "urn:oma:lwm2m:x:33000")
        #expect(pump.objectVersion == "2.0")
        #expect(pump.lwm2mVersion == "1.1")
        #expect(pump.isMultiple && !pump.isMandatory)
        #expect(pump.description == "Controls a water pump & reports its state.")
        #expect(pump.resources.map(\.id) == [0, 1, 2, 3])

        let speed = try #require(pump.resource(0))
        #expect(speed.name == "Speed" && speed.operations == .readWrite && speed.type == .integer)
        #expect(speed.isMandatory && !speed.isMultiple)
        #expect(speed.range == ValueRange(lower: 0, upper: 3000) && speed.units == "rpm")
        #expect(speed.description == "Target speed.")

        let start = try #require(pump.resource(1))
        #expect(start.operations == .execute && start.type == ResourceType.none && start.units == nil)

        let faults = try #require(pump.resource(2))
        #expect(faults.isMultiple && faults.type == .unsignedInteger && faults.rangeEnumeration == nil)
        #expect(pump.resource(3)?.type == .time)
        #expect(model.object(33001)?.resource(0)?.type == .boolean)
    }

    @Test("loaded objects override built-in ones when merged")
    func mergeOverBuiltIn() throws {
        let loaded = try ObjectModel.load(directory: try Self.fixtures("good"))
        let model = ObjectModel.builtIn.merging(loaded)
        #expect(model.resourceName(LwM2MPath(object: 3303, instance: 0, resource: 5700)) == "Water Temperature")
        #expect(model.resourceName(LwM2MPath(object: 33000, instance: 1, resource: 0)) == "Speed")
        #expect(model.resourceName(LwM2MPath(object: 3, instance: 0, resource: 0)) == "Manufacturer")
    }

    @Test("an unknown type names file, line and field")
    func badType() throws {
        let error = try Self.loadError("bad-type.xml")
        #expect(error.file.hasSuffix("bad/bad-type.xml"))
        #expect(error.line == 12)
        #expect(error.field == "Item/Type")
        #expect(error.description.contains("bad-type.xml:12: Item/Type: 'Decimal' for resource 7 is not an LwM2M type"))
    }

    @Test("bad operations are refused at their line")
    func badOperations() throws {
        let error = try Self.loadError("bad-operations.xml")
        #expect(error.line == 10 && error.field == "Item/Operations")
        #expect(error.reason == "'RX' for resource 2 is not one of R, W, RW, E or empty")
    }

    @Test("a missing ObjectID points at the <Object>")
    func missingObjectID() throws {
        let error = try Self.loadError("missing-object-id.xml")
        #expect(error.line == 3 && error.field == "ObjectID")
        #expect(error.reason == "the <Object> has no <ObjectID>")
    }

    @Test("an object ID outside 0–65534 is refused")
    func objectIDTooBig() throws {
        let error = try Self.loadError("object-id-too-big.xml")
        #expect(error.line == 5 && error.field == "ObjectID")
        #expect(error.reason == "'70000' is not an object ID from 0 to 65534")
    }

    @Test("a resource ID defined twice is refused at the second")
    func duplicateResource() throws {
        let error = try Self.loadError("duplicate-resource.xml")
        #expect(error.line == 9 && error.field == "Item/@ID")
        #expect(error.reason == "resource ID 1 is defined twice")
    }

    @Test("a bad MultipleInstances value is refused")
    func badMultiplicity() throws {
        let error = try Self.loadError("bad-multiplicity.xml")
        #expect(error.line == 11 && error.field == "Item/MultipleInstances")
        #expect(error.reason == "'Many' for resource 0 is neither Single nor Multiple")
    }

    @Test("an Item without ID is refused")
    func missingItemID() throws {
        let error = try Self.loadError("missing-item-id.xml")
        #expect(error.line == 8 && error.field == "Item/@ID")
    }

    @Test("a readable resource without a type is refused")
    func missingType() throws {
        let error = try Self.loadError("missing-type.xml")
        #expect(error.line == 8 && error.field == "Item/Type")
        #expect(error.reason == "resource 4 is not executable, so it needs a type")
    }

    @Test("malformed XML reports the line where parsing stopped")
    func notWellFormed() throws {
        let error = try Self.loadError("not-well-formed.xml")
        #expect(error.field == "XML")
        #expect(error.line == 6)
        #expect(error.reason.hasPrefix("not well-formed XML"))
    }

    @Test("XML that is not a DDF is refused")
    func notDDF() throws {
        let error = try Self.loadError("not-ddf.xml")
        #expect(error.field == "LWM2M")
        #expect(error.reason.contains("not a DDF file"))
    }

    @Test("two files defining the same object are refused, naming the first")
    func duplicateAcrossFiles() throws {
        let folder = try Self.fixtures("duplicate")
        do {
            _ = try ObjectModel.load(directory: folder)
            Issue.record("loaded a folder with a duplicate object")
        } catch {
            #expect(error.file.hasSuffix("duplicate/b.xml"))
            #expect(error.reason.contains("object 35000 is already defined in"))
            #expect(error.reason.hasSuffix("duplicate/a.xml"))
        }
    }

    @Test("a missing folder gives a clear error")
    func missingFolder() throws {
        let folder = URL(fileURLWithPath: "/nonexistent/objects-\(UInt32.random(in: 0...UInt32.max))")
        do {
            _ = try ObjectModel.load(directory: folder)
            Issue.record("loaded a missing folder")
        } catch {
            #expect(error.field == "directory")
            #expect(error.reason.hasPrefix("cannot list the folder"))
        }
    }

    @Test("the parser takes bytes directly")
    func parseBytes() throws {
        let xml = #"<LWM2M><Object><Name>X</Name><ObjectID>12</ObjectID><MultipleInstances>Single</MultipleInstances><Resources><Item ID="0"><Name>A</Name><Operations>W</Operations><MultipleInstances>Single</MultipleInstances><Type>Objlnk</Type></Item></Resources></Object></LWM2M>"#
        let objects = try DDFParser.parse(Array(xml.utf8), fileName: "inline")
        #expect(objects.count == 1)
        #expect(objects.first?.resource(0)?.type == .objlnk)
        #expect(objects.first?.resource(0)?.operations == .write)
    }
}
