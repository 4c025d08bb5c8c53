// swift-tools-version: 6.2
import PackageDescription

/// What every service executable links.
var serviceDependencies: [Target.Dependency] {
    [
        "Bus",
        "Domain",
        "ServiceKit",
        "Store",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]
}

let package = Package(
    name: "greenheart",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["Ingest"]),
        .executable(name: "indicators", targets: ["Indicators"]),
        .executable(name: "manifests", targets: ["Manifests"]),
        .executable(name: "emergency", targets: ["Emergency"]),
        .executable(name: "notifier", targets: ["Notifier"]),
        .executable(name: "greenheart", targets: ["Greenheart"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: - System libraries

        .systemLibrary(
            name: "CZeroMQ",
            path: "Shared/CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),

        // MARK: - Shared modules

        .target(
            name: "Domain",
            path: "Shared/Domain"
        ),
        .target(
            name: "Store",
            dependencies: [
                "Domain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Shared/Store"
        ),
        .target(
            name: "Bus",
            dependencies: [
                "CZeroMQ",
                "Domain",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Bus"
        ),
        .target(
            name: "BusTesting",
            dependencies: [
                "Bus",
                "Domain",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Shared/BusTesting"
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Bus",
                "Domain",
                "Store",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/ServiceKit"
        ),

        // MARK: - Services

        .executableTarget(
            name: "Ingest",
            dependencies: serviceDependencies + [
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Services/Ingest",
            exclude: ["README.md", "asyncapi.yaml", "openapi.yaml"]
        ),
        .executableTarget(
            name: "Indicators",
            dependencies: serviceDependencies + [.product(name: "Configuration", package: "swift-configuration")],
            path: "Services/Indicators",
            exclude: ["README.md", "openapi.yaml"]
        ),
        .executableTarget(
            name: "Manifests",
            dependencies: serviceDependencies,
            path: "Services/Manifests",
            exclude: ["openapi.yaml", "asyncapi.yaml"],
            resources: [.copy("Resources/hazardous_waste_list_2021.csv"), .copy("Resources/china_working_days.json")]
        ),
        .executableTarget(
            name: "Emergency",
            dependencies: serviceDependencies + [.product(name: "Configuration", package: "swift-configuration")],
            path: "Services/Emergency",
            exclude: ["README.md", "openapi.yaml", "asyncapi.yaml"]
        ),
        .executableTarget(
            name: "Notifier",
            dependencies: serviceDependencies + [
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Services/Notifier",
            exclude: ["README.md", "openapi.yaml", "asyncapi.yaml"]
        ),
        .executableTarget(
            name: "Greenheart",
            dependencies: [
                "Bus",
                "Domain",
                "Store",
                "CZeroMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Services/Greenheart"
        ),

        // MARK: - Tests

        .testTarget(name: "DomainTests", dependencies: ["Domain"], path: "Tests/DomainTests"),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Domain", "Store", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/StoreTests"
        ),
        .testTarget(
            name: "BusTests",
            dependencies: ["Bus", "BusTesting", "Store", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/BusTests"
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit",
                "BusTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServiceKitTests"
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest",
                "Bus",
                "BusTesting",
                "Domain",
                "ServiceKit",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/IngestTests"
        ),
        .testTarget(
            name: "IndicatorsTests",
            dependencies: [
                "Indicators",
                "Bus",
                "BusTesting",
                "Domain",
                "ServiceKit",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/IndicatorsTests"
        ),
        .testTarget(
            name: "ManifestsTests",
            dependencies: [
                "Manifests",
                "Bus",
                "BusTesting",
                "Domain",
                "ServiceKit",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ManifestsTests",
            resources: [.copy("Resources/transition_subscriber.py")]
        ),
        .testTarget(
            name: "EmergencyTests",
            dependencies: [
                "Emergency",
                "Bus",
                "BusTesting",
                "Domain",
                "ServiceKit",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/EmergencyTests"
        ),
        .testTarget(
            name: "NotifierTests",
            dependencies: [
                "Notifier",
                "Bus",
                "BusTesting",
                "Domain",
                "ServiceKit",
                "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/NotifierTests",
            resources: [.copy("Resources/cap-v1.2.xsd"), .copy("Resources/smtp_sink.py")]
        ),
        .testTarget(
            name: "SystemTests",
            dependencies: ["Bus", "BusTesting", "Store", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/SystemTests"
        ),
    ]
)

// Shared compiler settings, applied once to every target.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
