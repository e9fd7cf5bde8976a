import DeviceStore
import Foundation
import Testing

@Suite("Malformed files: a clear error, nothing written, never a crash")
struct MalformedFileTests {
    /// Imports `bytes` after a good import and checks the import is refused with an error
    /// containing `expected` and that the store did not change.
    private func expectRefused(_ bytes: Data, containing expected: String) throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("keep-me")]))
        let before = try StoreSnapshot(fixture.store)
        let file = try fixture.directory.write(bytes, to: "bad.csv")

        let error = try #require(throws: ImportFileError.self) {
            try BulkImporter(store: fixture.store).run(file: file)
        }
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(try StoreSnapshot(fixture.store) == before)
    }

    @Test("an empty file")
    func emptyFile() throws {
        try expectRefused(Data(), containing: "is empty")
        try expectRefused(Data([0xEF, 0xBB, 0xBF]), containing: "is empty")
    }

    @Test("a header and no rows")
    func headerOnly() throws {
        try expectRefused(Data((CSVBuilder.classicColumns.joined(separator: ";") + "\n\n").utf8), containing: "has a header but no device rows")
    }

    @Test("binary garbage")
    func binaryGarbage() throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        bytes[10] = 0  // make sure a NUL is there, as in any real binary
        try expectRefused(bytes, containing: "line ")
        // A PNG signature: not UTF-8 on line 1.
        try expectRefused(
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
            containing: "line 1, column 1: the cell is not valid UTF-8")
        // ASCII-looking data with NUL bytes (UTF-16, a database file) names the NUL byte.
        try expectRefused(Data("I\0D\0;\0N\0".utf8), containing: "line 1: the file contains a NUL byte")
    }

    @Test("invalid UTF-8 (a Latin-1 file) names the line and column")
    func invalidUTF8() throws {
        var bytes = Data((CSVBuilder.csv([CSVBuilder.noSec("ok-1")])).utf8)
        bytes += Data("ok-2;c8y_Id;Secret-Passw0rd!;Caf".utf8) + Data([0xE9]) + Data(";c8y_lwm2m;1;1;ok-2;coap://h:1;NO_SEC\n".utf8)
        try expectRefused(bytes, containing: "line 3, column 4: the cell is not valid UTF-8")
    }

    @Test("a cell over 1 MB (a missing closing quote) is refused")
    func hugeCell() throws {
        let header = CSVBuilder.classicColumns.joined(separator: ";") + "\n"
        let huge = String(repeating: "x", count: 1_048_577)
        try expectRefused(
            Data((header + "big;c8y_Id;Secret-Passw0rd!;\(huge);c8y_lwm2m;1;1;big;coap://h:1;NO_SEC\n").utf8),
            containing: "line 2, column 4: a cell is larger than 1024 KB")
        try expectRefused(Data((header + "open;\"never closed\n" + "x;y\n").utf8), containing: "line 2, column 2: a quoted cell is never closed")
    }

    @Test("text after a closing quote")
    func textAfterQuote() throws {
        let header = CSVBuilder.classicColumns.joined(separator: ";") + "\n"
        try expectRefused(Data((header + "a;\"b\"c;d\n").utf8), containing: "line 2, column 2: unexpected text after the closing quote")
    }

    @Test("a header without the required columns names them")
    func missingColumns() throws {
        try expectRefused(Data("ID;NAME\nx;y\n".utf8), containing: "lacks required column(s) IDTYPE, CREDENTIALS, TYPE")
        try expectRefused(Data("name;location\nx;y\n".utf8), containing: "lacks required column(s) endpoint id, securityMode")
        try expectRefused(Data("endpoint id;securityMode;Endpoint ID\nx;NO_SEC;x\n".utf8), containing: "names column 'Endpoint ID' twice")
    }

    @Test("a file that does not exist")
    func missingFile() throws {
        let fixture = try StoreFixture()
        let error = try #require(throws: ImportFileError.self) {
            try BulkImporter(store: fixture.store).run(file: fixture.directory.path + "/nope.csv")
        }
        #expect(error.message.contains("cannot open"))
        #expect(error.message.contains("No such file"))
    }
}
