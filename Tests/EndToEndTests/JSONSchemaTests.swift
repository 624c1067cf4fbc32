import Foundation
import LabTraffic
import TestSupport
import XCTest

/// Issue 23 item 11: `schema/analyze-report.schema.json` (JSON Schema 2020-12) describes every
/// sample report and what the CLI prints, and every report says its `schema_version`. Checked
/// with Python's `jsonschema` (Debian python3-jsonschema; `make test` installs it), skipped when
/// it is missing.
final class JSONSchemaTests: XCTestCase {
    static let validator = """
    import json, sys
    import jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        report = json.load(open(path))
        for e in v.iter_errors(report):
            bad += 1
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        if report.get("schema_version") != 1:
            bad += 1
            print(f"{path}: schema_version is {report.get('schema_version')!r}")
    print(f"checked {len(sys.argv) - 2}")
    sys.exit(1 if bad else 0)
    """

    func python() throws -> String {
        guard let python = TestEnvironment.which("python3") else { throw XCTSkip("python3 is not installed: the JSON Schema test is skipped") }
        let probe = try TestEnvironment.run(python, ["-c", "import jsonschema"])
        if probe.status != 0 { throw XCTSkip("Python's jsonschema is not installed (make test installs python3-jsonschema): the JSON Schema test is skipped") }
        return python
    }

    func testSampleReportsAndCLIOutputFollowTheSchema() throws {
        let python = try python()
        let repo = TestEnvironment.repositoryRoot
        let dir = try TestEnvironment.temporaryFolder("schema")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files = SampleCaptures.samples.map { "\(repo)/Reports/\($0.name).json" }
        // What the CLI prints now, for every sample and a few other shapes of report.
        var runs = SampleCaptures.samples.map { ($0.name, $0.arguments) }
        runs.append(("no-flows", ["--no-flows", "Captures/lacp-l34/A/eth0.pcap"]))
        runs.append(("one-member", ["--link-speed", "eth0=10G", "--link-speed", "eth9=1G", "Captures/lacp-l34/A/eth0.pcap"]))
        runs.append(("filtered", ["-f", "tcp port 6600", "--fail-on", "problem", "Captures/lacp-l34/B/eth1.pcap"]))
        // RDMA flows (rdma_flows, rdma, a migration summary's rdma) from the RoCEv2 lab.
        runs.append(("rocev2", try RoCEv2Scenario().write(to: "\(dir)/rocev2")))
        for (name, arguments) in runs {
            let path = "\(dir)/\(name).json"
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "-o", path] + arguments, in: repo)
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            files.append(path)
        }
        let script = "\(dir)/validate.py"
        try Self.validator.write(toFile: script, atomically: true, encoding: .utf8)
        let check = try TestEnvironment.run(python, [script, "\(repo)/schema/analyze-report.schema.json"] + files)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("checked \(files.count)"), check.stdout)
    }

    /// The schema can fail: a report missing a required field, or with a severity no finding has.
    func testTheSchemaRejectsABrokenReport() throws {
        let python = try python()
        let repo = TestEnvironment.repositoryRoot
        let dir = try TestEnvironment.temporaryFolder("schema")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: "\(repo)/Reports/lacp-l34.json", encoding: .utf8)
        var report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        report.removeValue(forKey: "hosts")
        var findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        findings[0]["severity"] = "fatal"
        report["findings"] = findings
        let path = "\(dir)/broken.json"
        try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: path))
        let script = "\(dir)/validate.py"
        try Self.validator.write(toFile: script, atomically: true, encoding: .utf8)
        let check = try TestEnvironment.run(python, [script, "\(repo)/schema/analyze-report.schema.json", path])
        XCTAssertEqual(check.status, 1, check.stdout)
        XCTAssertTrue(check.stdout.contains("'hosts' is a required property"), check.stdout)
        XCTAssertTrue(check.stdout.contains("findings/0/severity"), check.stdout)
    }
}
