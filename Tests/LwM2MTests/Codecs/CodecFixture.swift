import Foundation
import Testing
@testable import LwM2M

/// Loads the hand-written payloads in Fixtures/codecs.
enum CodecFixture {
    static func data(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/codecs"), "missing fixture \(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// A `.hex` fixture: hex digits, `#` comments to the end of the line.
    static func hex(_ name: String) throws -> [UInt8] {
        try hexBytes(try text(name))
    }

    static func hexBytes(_ text: String) throws -> [UInt8] {
        let digits = text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined().filter { !$0.isWhitespace }
        let chars = Array(digits)
        try #require(chars.count % 2 == 0, "odd number of hex digits")
        return try stride(from: 0, to: chars.count, by: 2).map { i in
            try #require(UInt8(String(chars[i...i + 1]), radix: 16), "bad hex \(chars[i])\(chars[i + 1])")
        }
    }
}

/// Types of the resources the spec examples use, as the object model will give them.
enum CodecTestTypes {
    static let device: [UInt16: ResourceType] = [
        0: .string, 1: .string, 2: .string, 3: .string, 6: .integer, 7: .integer, 8: .integer,
        9: .integer, 10: .integer, 11: .integer, 13: .time, 14: .string, 15: .string, 16: .string,
    ]

    static let lookup: ResourceTypeLookup = { path in
        switch (path.objectID, path.resourceID) {
        case (3?, let r?): device[r]
        case (2?, _?): .integer
        case (1?, 1?): .integer
        case (1?, 8?): .objlnk
        case (5?, 0?): .opaque
        case (72?, 2?), (3303?, 5700?): .float
        default: nil
        }
    }

    static let none: ResourceTypeLookup = { _ in nil }

    /// The values of the spec's /3/0 example.
    static let deviceInstance: [LwM2MPath: ResourceValue] = [
        lwp(3, 0, 0): .string("Open Mobile Alliance"),
        lwp(3, 0, 1): .string("Lightweight M2M Client"),
        lwp(3, 0, 2): .string("345000123"),
        lwp(3, 0, 3): .string("1.0"),
        lwp(3, 0, 6, 0): .integer(1), lwp(3, 0, 6, 1): .integer(5),
        lwp(3, 0, 7, 0): .integer(3800), lwp(3, 0, 7, 1): .integer(5000),
        lwp(3, 0, 8, 0): .integer(125), lwp(3, 0, 8, 1): .integer(900),
        lwp(3, 0, 9): .integer(100),
        lwp(3, 0, 10): .integer(15),
        lwp(3, 0, 11, 0): .integer(0),
        lwp(3, 0, 13): .time(1_367_491_215),
        lwp(3, 0, 14): .string("+02:00"),
        lwp(3, 0, 16): .string("U"),
    ]
}

/// Shorthand for a path in test tables.
func lwp(_ ids: UInt16...) -> LwM2MPath {
    LwM2MPath(ids) ?? .root
}
