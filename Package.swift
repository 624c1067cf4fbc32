// swift-tools-version:6.0
import PackageDescription

/// Release builds of the per-packet modules skip dynamic exclusivity checks: the hot path touches
/// class-held arrays on every packet, and the checks cost more than the work (see `make bench`).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "TeamScope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "teamscope", targets: ["teamscope"]),
        /// The parsers and what drives them, for the fuzz targets in Fuzz/ (a package of their
        /// own, see `make fuzz`).
        .library(name: "FuzzHarness", targets: ["FuzzHarness", "CaptureIO", "PacketWire", "SMBSessions", "TeamingModels", "Claims"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        /// Linux packet sockets' TPACKET_V3 ring for live capture (a header, no library).
        .systemLibrary(name: "CPacketRing"),
        /// `__builtin_prefetch` for the flow table, and glibc's `malloc_trim` (a header, no library).
        .systemLibrary(name: "CPrefetch"),
        .target(name: "CaptureIO", dependencies: ["CPcap", "CPacketRing", "CZlib", "PacketWire"], swiftSettings: hotPath),
        .target(name: "PacketWire", swiftSettings: hotPath),
        .target(name: "FlowTracking", dependencies: ["PacketWire", "CPrefetch"], swiftSettings: hotPath),
        .target(name: "SMBSessions", dependencies: ["PacketWire"], swiftSettings: hotPath),
        .target(name: "TeamingModels", dependencies: ["PacketWire"]),
        .target(name: "TeamAnalysis", dependencies: ["CaptureIO", "PacketWire", "FlowTracking", "SMBSessions", "TeamingModels", "Counters"], swiftSettings: hotPath),
        /// Counter series (perfmon CSV, `teamscope counters` logs): what captures miss (RDMA).
        .target(name: "Counters"),
        /// What `capture` runs: the plan from sysfs, handles behind a protocol, the time-ordered
        /// merge, the link tracker, rotation, signals, privileges.
        .target(name: "LiveCapture", dependencies: ["CaptureIO", "PacketWire", "TeamAnalysis", "Counters"], swiftSettings: hotPath),
        /// What `monitor` serves: the `teamscope_` metrics kept from the live reports
        /// (swift-prometheus) and the guarded `/metrics` listener (SwiftNIO's HTTP/1.1).
        .target(name: "Monitoring", dependencies: [
            "TeamAnalysis", "TeamingModels", "LiveCapture",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .target(name: "LabTraffic", dependencies: ["CaptureIO", "PacketWire", "TeamingModels"]),
        .target(name: "Reporting", dependencies: ["PacketWire", "TeamAnalysis", "TeamingModels", "Claims", "CaptureIO", "Counters", .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "Claims", dependencies: ["PacketWire", "TeamAnalysis", "TeamingModels", .product(name: "Yams", package: "Yams")]),
        /// How the fuzz targets feed each parser; tested here, fuzzed from Fuzz/.
        .target(name: "FuzzHarness", dependencies: ["CaptureIO", "PacketWire", "SMBSessions", "TeamingModels", "Claims"]),
        .executableTarget(
            name: "teamscope",
            dependencies: [
                "CaptureIO", "TeamAnalysis", "Reporting", "TeamingModels", "Claims", "LiveCapture", "Counters", "Monitoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// A development tool, not shipped: `make samples` rebuilds Captures/ and Reports/ with it,
        /// so that `teamscope` does not link the LabTraffic generators.
        .executableTarget(
            name: "teamscope-samples",
            dependencies: [
                "TeamAnalysis", "Reporting", "LabTraffic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// A development tool, not shipped: `scripts/calibrate.sh` measures with it how often each
        /// verdict confidence is right (README, "How sure is the verdict?").
        .executableTarget(
            name: "teamscope-calibrate",
            dependencies: [
                "TeamAnalysis", "LabTraffic", "CaptureIO", "PacketWire", "TeamingModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// A development tool: runs a file through a fuzz target's harness without libFuzzer (the
        /// regression test runs each kept input in one, so that a crash fails that test alone).
        .executableTarget(name: "fuzz-replay", dependencies: ["FuzzHarness"]),
        .target(name: "TestSupport", dependencies: ["CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "CaptureIOTests", dependencies: ["CaptureIO", "PacketWire", "TeamingModels", "TestSupport"]),
        .testTarget(name: "LiveCaptureTests", dependencies: ["LiveCapture", "Counters", "Monitoring", "CaptureIO", "PacketWire", "TeamAnalysis", "TestSupport"]),
        .testTarget(name: "PacketWireTests", dependencies: ["PacketWire"]),
        .testTarget(name: "CountersTests", dependencies: ["Counters", "TestSupport"]),
        .testTarget(name: "TeamAnalysisTests", dependencies: ["TeamAnalysis", "Counters", "TeamingModels", "FlowTracking", "CaptureIO", "PacketWire", "LabTraffic", "TestSupport"]),
        .testTarget(name: "SMBSessionsTests", dependencies: ["SMBSessions", "PacketWire", "CaptureIO", "LabTraffic", "TestSupport"]),
        .testTarget(name: "FlowTrackingTests", dependencies: ["FlowTracking", "PacketWire"]),
        .testTarget(name: "TeamingModelsTests", dependencies: ["TeamingModels", "PacketWire", "CaptureIO", "TestSupport"]),
        .testTarget(name: "FuzzHarnessTests", dependencies: ["FuzzHarness", "fuzz-replay", "CaptureIO", "SMBSessions", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TeamAnalysis", "Claims", "CZlib", "LabTraffic", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["teamscope", "Monitoring", "teamscope-samples", "TeamAnalysis", "Counters", "CaptureIO", "Reporting", "LabTraffic", "TestSupport", .product(name: "CSV", package: "CSV.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
