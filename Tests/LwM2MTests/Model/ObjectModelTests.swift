import Testing
@testable import LwM2M

@Suite("Object model")
struct ObjectModelTests {
    let model = ObjectModel.builtIn

    @Test("built-in model has the OMA core objects 0–7 and the common IPSO objects")
    func builtInObjects() {
        for id: UInt16 in [0, 1, 2, 3, 4, 5, 6, 7, 3300, 3301, 3303, 3304, 3311, 3316, 3323, 3328] {
            #expect(model.object(id) != nil, "object \(id) missing")
        }
        #expect(model.object(3)?.name == "Device")
        #expect(model.object(5)?.name == "Firmware Update")
        #expect(model.object(3303)?.name == "Temperature")
        #expect(model.object(9999) == nil)
    }

    @Test("device object resources carry ID, name, type, operations, multiplicity, mandatory flag")
    func deviceResources() throws {
        let device = try #require(model.object(3))
        #expect(device.resources.count == 23)
        #expect(device.resources.map(\.id) == Array(0...22))
        #expect(!device.isMultiple && device.isMandatory)

        let manufacturer = try #require(model.resource(objectID: 3, resourceID: 0))
        #expect(manufacturer.name == "Manufacturer")
        #expect(manufacturer.type == .string)
        #expect(manufacturer.operations == .read)
        #expect(!manufacturer.isMultiple && !manufacturer.isMandatory)

        let reboot = try #require(model.resource(objectID: 3, resourceID: 4))
        #expect(reboot.operations == .execute && reboot.type == ResourceType.none && reboot.isMandatory)

        let errorCode = try #require(model.resource(objectID: 3, resourceID: 11))
        #expect(errorCode.isMultiple && errorCode.isMandatory && errorCode.range == ValueRange(lower: 0, upper: 8))

        let battery = try #require(model.resource(objectID: 3, resourceID: 9))
        #expect(battery.units == "%" && battery.range == ValueRange(lower: 0, upper: 100))

        let time = try #require(model.resource(objectID: 3, resourceID: 13))
        #expect(time.type == .time && time.operations == .readWrite)
    }

    @Test("firmware update object has no resource 4 and a write-only package")
    func firmwareObject() throws {
        #expect(model.resource(objectID: 5, resourceID: 4) == nil)
        let package = try #require(model.resource(objectID: 5, resourceID: 0))
        #expect(package.type == .opaque && package.operations == .write)
        #expect(model.resource(objectID: 5, resourceID: 2)?.isExecutable == true)
        #expect(model.resource(objectID: 5, resourceID: 1)?.range == ValueRange(lower: 0, upper: 255))
    }

    @Test("security object resources have no server operations")
    func securityObject() throws {
        let security = try #require(model.object(0))
        #expect(security.resources.allSatisfy { $0.operations == .none })
        #expect(model.resourceType(LwM2MPath(object: 0, instance: 0, resource: 3)) == .opaque)
    }

    @Test("IPSO temperature has the sensor resource set")
    func ipsoTemperature() throws {
        let temperature = try #require(model.object(3303))
        #expect(temperature.isMultiple)
        #expect(temperature.resource(5700)?.type == .float)
        #expect(temperature.resource(5700)?.isMandatory == true)
        #expect(temperature.resource(5605)?.isExecutable == true)
        #expect(temperature.resource(5701)?.name == "Sensor Units")
        #expect(model.resource(objectID: 3311, resourceID: 5850)?.type == .boolean)
        #expect(model.resource(objectID: 3323, resourceID: 5821)?.operations == .readWrite)
    }

    @Test("paths resolve to types and names at resource and resource-instance level only")
    func pathLookups() {
        let manufacturer = LwM2MPath(object: 3, instance: 0, resource: 0)
        #expect(model.resourceType(manufacturer) == .string)
        #expect(model.resourceName(manufacturer) == "Manufacturer")
        let voltage1 = LwM2MPath(object: 3, instance: 0, resource: 7, resourceInstance: 1)
        #expect(model.resourceType(voltage1) == .integer)
        #expect(model.resourceName(voltage1) == "Power Source Voltage")
        #expect(model.resourceType(LwM2MPath(object: 3, instance: 0)) == nil)
        #expect(model.resourceName(LwM2MPath(object: 3)) == nil)
        #expect(model.name(of: LwM2MPath(object: 3, instance: 0)) == "Device")
        #expect(model.resourceType(LwM2MPath(object: 3, instance: 0, resource: 99)) == nil)
        #expect(model.resourceType(LwM2MPath(object: 42424, instance: 0, resource: 0)) == nil)
    }

    @Test("typeLookup answers like resourceType")
    func typeLookup() {
        let lookup = model.typeLookup
        #expect(lookup(LwM2MPath(object: 3303, instance: 2, resource: 5700)) == .float)
        #expect(lookup(LwM2MPath(object: 6, instance: 0, resource: 5)) == .time)
        #expect(lookup(LwM2MPath(object: 3, instance: 0)) == nil)
        #expect(lookup(LwM2MPath(object: 777, instance: 0, resource: 1)) == nil)
    }

    @Test("merging lets the other model's objects win and keeps the rest")
    func merging() {
        let custom = ObjectModel([
            ObjectDefinition(id: 3303, name: "Water Temperature", isMultiple: true, resources: [
                ResourceDefinition(id: 5700, name: "Water", operations: .read, type: .integer),
            ]),
            ObjectDefinition(id: 40000, name: "Custom", isMultiple: false, resources: []),
        ])
        let merged = ObjectModel.builtIn.merging(custom)
        #expect(merged.object(3303)?.name == "Water Temperature")
        #expect(merged.resourceType(LwM2MPath(object: 3303, instance: 0, resource: 5700)) == .integer)
        #expect(merged.object(40000)?.name == "Custom")
        #expect(merged.object(3)?.name == "Device")
        #expect(ObjectModel.builtIn.object(3303)?.name == "Temperature")
    }

    @Test("operations parse from DDF spelling and refuse nonsense")
    func operationsParsing() {
        #expect(ResourceOperations(ddfName: "RW") == .readWrite)
        #expect(ResourceOperations(ddfName: "r") == .read)
        #expect(ResourceOperations(ddfName: "E") == .execute)
        #expect(ResourceOperations(ddfName: "") == ResourceOperations.none)
        #expect(ResourceOperations(ddfName: "RX") == nil)
        #expect(ResourceOperations(ddfName: "RE") == nil)
        #expect(ResourceOperations.readWrite.description == "RW")
    }

    @Test("ranges parse from the registry's spellings")
    func rangeParsing() {
        #expect(ValueRange(parsing: "0..100") == ValueRange(lower: 0, upper: 100))
        #expect(ValueRange(parsing: "0-50") == ValueRange(lower: 0, upper: 50))
        #expect(ValueRange(parsing: "-40..85") == ValueRange(lower: -40, upper: 85))
        #expect(ValueRange(parsing: "0..255 bytes") == ValueRange(lower: 0, upper: 255))
        #expect(ValueRange(parsing: "16,32,48") == nil)
        #expect(ValueRange(parsing: "The possible values are listed") == nil)
        #expect(ValueRange(parsing: "10..1") == nil)
        #expect(ValueRange(parsing: "0..100")?.contains(100) == true)
        #expect(ValueRange(parsing: "0..100")?.contains(100.5) == false)
    }
}
