// swift-tools-version: 6.0
import PackageDescription

/// Settings every target shares, so the whole package builds under one set of rules.
let swiftSettings: [SwiftSetting] = [
    // Make `any` explicit: existentials cost a box and a dynamic call, and we want to see them.
    .enableUpcomingFeature("ExistentialAny"),
    // Imports are internal unless a module re-exports on purpose: keeps CLibPQ out of the API.
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "mcledger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mcledger", targets: ["mcledger"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Mentoring", targets: ["Mentoring"]),
        .library(name: "EventCodec", targets: ["EventCodec"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EventStore",
            dependencies: [
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Mentoring",
            swiftSettings: swiftSettings
        ),
        .target(
            // The one reading and writing of an event's row: registry, payload JSON,
            // upcasting, and a stored event as the domain's envelope.
            name: "EventCodec",
            dependencies: ["Mentoring", "EventStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Ledger",
            dependencies: [
                "Mentoring",
                "EventCodec",
                "EventStore",
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Projections",
            dependencies: [
                "Mentoring",
                "EventCodec",
                "EventStore",
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Reports",
            dependencies: [
                "Mentoring",
                "EventCodec",
                "EventStore",
                "Postgres",
                "Projections",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            // Composes every module's migrations (Migrator.all) for `db migrate`, tests
            // and the benchmarks.
            name: "Migrations",
            dependencies: ["EventStore", "Ledger", "Projections", "Reports"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mcledger",
            dependencies: [
                "Postgres",
                "Migrations",
                "EventStore",
                "Mentoring",
                "Ledger",
                "Projections",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mcledger-bench",
            dependencies: [
                "Postgres",
                "EventStore",
                // The live phases append domain events (HoursLogged) the projectors fold.
                "Mentoring",
                "EventCodec",
                "Migrations",
                // The free-text phase seals texts as the write path does (schema/015).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mcledger-projections-bench",
            dependencies: [
                "Postgres",
                "EventStore",
                "Mentoring",
                "EventCodec",
                "Projections",
                "Migrations",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "EventStore", "Migrations"],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "Postgres", "TestSupport", "Migrations"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MentoringTests",
            dependencies: ["Mentoring"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventCodecTests",
            dependencies: ["EventCodec", "Mentoring", "EventStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "EventCodec", "Mentoring", "EventStore", "Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["EventStore", "Postgres", "TestSupport", "Mentoring", "EventCodec", "Ledger", "Migrations"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "EventCodec", "Mentoring", "EventStore", "Postgres", "TestSupport", "Migrations"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Projections", "EventCodec", "Mentoring", "EventStore", "Ledger", "Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["EventStore", "Postgres", "TestSupport", "Migrations"],
            swiftSettings: swiftSettings
        ),
    ]
)
