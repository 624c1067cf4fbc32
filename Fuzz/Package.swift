// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets over TeamScope's parsers, one per parser. Built and run by `make fuzz`
/// (scripts/fuzz.sh), never by `swift build` in the project: each target's entry point is
/// libFuzzer's `LLVMFuzzerTestOneInput`, and libFuzzer supplies `main`.
///
/// Build one by hand: `swift build --package-path Fuzz --product FuzzPcap --sanitize fuzzer
/// --sanitize address -Xswiftc -sanitize=fuzzer,address` (SwiftPM's `--sanitize fuzzer` links
/// libFuzzer but does not instrument for coverage; the -Xswiftc flag does).
let package = Package(
    name: "TeamScopeFuzz",
    dependencies: [.package(name: "TeamScope", path: "..")],
    targets: [
        .executableTarget(name: "FuzzPcap", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzPcapng", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzDecode", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzSMB", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzClaims", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzRoCE", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        .executableTarget(name: "FuzzSMBDirect", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
        /// Writes each target's seed corpus from captures (not a fuzz target; built without sanitizers).
        .executableTarget(name: "fuzz-seeds", dependencies: [.product(name: "FuzzHarness", package: "TeamScope")]),
    ],
    swiftLanguageModes: [.v6]
)
