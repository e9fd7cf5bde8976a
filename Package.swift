// swift-tools-version:6.0
import PackageDescription

/// lwm2m-console: an operator console for LwM2M devices.
///
/// Module graph (arrows: may import), see docs/architecture.md:
///   lwm2m-console -> ConsoleTerminal -> ConsoleCore -> LwM2M
///   lwm2m-console -> LwM2MEngine -> CoAP (-> CGnuTLSShim, SwiftNIO), LwM2M, DeviceStore (-> GRDB)
///   lwm2m-console -> DeviceSimulator -> CoAP, LwM2M
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "lwm2m-console",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lwm2m-console", targets: ["lwm2m-console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: C shims
        .target(
            name: "CGnuTLSShim",
            linkerSettings: [.linkedLibrary("gnutls")]
        ),
        .target(
            name: "CNCursesShim",
            cSettings: [.define("_XOPEN_SOURCE_EXTENDED"), .define("NCURSES_WIDECHAR", to: "1")],
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),

        // MARK: Libraries
        .target(name: "LwM2M", swiftSettings: strict),
        .target(
            name: "CoAP",
            dependencies: [
                "CGnuTLSShim",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DeviceStore",
            dependencies: [
                "LwM2M",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LwM2MEngine",
            dependencies: [
                "CoAP", "LwM2M", "DeviceStore",
                .product(name: "Logging", package: "swift-log"),
                // The control socket (Control/Socket) is a SwiftNIO Unix-domain server and client.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DeviceSimulator",
            dependencies: [
                "CoAP", "LwM2M", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "ConsoleCore", dependencies: ["LwM2M"], swiftSettings: strict),
        .target(name: "ConsoleTerminal", dependencies: ["ConsoleCore", "CNCursesShim"], swiftSettings: strict),

        // MARK: The binary
        .executableTarget(
            name: "lwm2m-console",
            dependencies: [
                "ConsoleTerminal", "ConsoleCore", "LwM2MEngine", "DeviceSimulator", "DeviceStore", "LwM2M", "CoAP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(name: "LwM2MTests", dependencies: ["LwM2M"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "CoAPTests", dependencies: ["CoAP"], swiftSettings: strict),
        .testTarget(name: "DeviceStoreTests", dependencies: ["DeviceStore", "LwM2M"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "LwM2MEngineTests", dependencies: ["LwM2MEngine", "DeviceSimulator", "DeviceStore", "CoAP", "LwM2M"], swiftSettings: strict),
        .testTarget(name: "ConsoleCoreTests", dependencies: ["ConsoleCore", "LwM2M"], resources: [.copy("Snapshots")], swiftSettings: strict),
        .testTarget(
            name: "DeviceSimulatorTests",
            dependencies: ["DeviceSimulator", "CoAP", "LwM2M", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(name: "EndToEndTests", dependencies: [], swiftSettings: strict),
    ]
)
