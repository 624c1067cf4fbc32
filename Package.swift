// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TeamScope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "teamscope", targets: ["teamscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "CaptureIO", dependencies: ["CPcap", "CZlib"]),
        .target(name: "PacketWire"),
        .target(name: "TeamAnalysis", dependencies: ["CaptureIO", "PacketWire"]),
        .target(name: "Reporting", dependencies: ["TeamAnalysis"]),
        .executableTarget(
            name: "teamscope",
            dependencies: [
                "CaptureIO", "TeamAnalysis", "Reporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CaptureIOTests", dependencies: ["CaptureIO"]),
        .testTarget(name: "PacketWireTests", dependencies: ["PacketWire"]),
        .testTarget(name: "TeamAnalysisTests", dependencies: ["TeamAnalysis", "CaptureIO", "PacketWire"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TeamAnalysis", "CaptureIO", "Reporting"]),
    ],
    swiftLanguageModes: [.v6]
)
