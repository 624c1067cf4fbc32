import Foundation
import XCTest

/// Where the repository, the shared corpus, the built `teamscope` and TShark are, for tests.
public enum TestEnvironment {
    /// The repository root (three levels above this file).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared` beside the repository, when it exists.
    public static var sharedRoot: String? {
        let path = (repositoryRoot as NSString).deletingLastPathComponent + "/shared"
        return FileManager.default.fileExists(atPath: path + "/corpus") ? path : nil
    }

    /// The shared corpus folder `name` (e.g. "real"), or an XCTSkip saying plainly why not.
    public static func corpus(_ name: String) throws -> String {
        guard let root = sharedRoot else {
            throw XCTSkip("../shared is not beside the repository: the shared corpus tests are skipped")
        }
        return root + "/corpus/" + name
    }

    /// The built `teamscope` executable next to the test bundle.
    public static var teamscopeBinary: String { builtExecutable("teamscope") }

    /// The built `teamscope-samples` development tool (what `make samples` runs) next to the test bundle.
    public static var samplesBinary: String { builtExecutable("teamscope-samples") }

    /// The package's executable `name` (e.g. `fuzz-replay`), built next to the test bundle.
    public static func builtExecutable(_ name: String) -> String {
        let candidates = [
            (CommandLine.arguments[0] as NSString).deletingLastPathComponent + "/" + name,
            Bundle.main.bundleURL.appendingPathComponent(name).path,
            repositoryRoot + "/.build/debug/" + name,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }

    /// A fresh temporary folder, inside this test process's own folder, which is removed when
    /// the process exits (set `TEAMSCOPE_KEEP_TEST_FILES=1` to keep it for a look): a run of the
    /// suite leaves nothing behind in the system's temporary directory.
    public static func temporaryFolder(_ label: String = "teamscope") throws -> String {
        let path = processFolder + "/\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A fresh path for a temporary file named `name` (its folder made, the file not).
    public static func temporaryFile(_ name: String) throws -> String {
        try temporaryFolder("file") + "/" + name
    }

    /// This process's folder of temporary files, made on first use and removed at exit.
    private static let processFolder: String = {
        let path = NSTemporaryDirectory() + "teamscope-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["TEAMSCOPE_KEEP_TEST_FILES"] == nil {
            atexit {
                try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "teamscope-tests-\(getpid())")
            }
        }
        return path
    }()

    /// The path of an executable on PATH, or nil.
    public static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// TShark, or an XCTSkip saying it is not installed.
    public static func tshark() throws -> String {
        guard let t = which("tshark") else {
            throw XCTSkip("tshark is not installed: the differential tests against TShark are skipped (make test installs it)")
        }
        return t
    }

    /// Runs a program; returns its exit status, standard output and standard error.
    @discardableResult
    /// Runs `executable`; the child gets this process's environment without `COLUMNS` (so
    /// terminal text is laid out to its default width whatever the shell exports), plus
    /// `environment`.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           stdin: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = nil
        env.merge(environment) { $1 }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let stdin { p.standardInput = FileHandle(forReadingAtPath: stdin) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so that a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// TShark's field values, one line per packet (`-T fields -e FIELD …`).
    public static func tsharkFields(_ file: String, _ fields: [String], filter: String? = nil) throws -> [String] {
        var args = ["-r", file, "-T", "fields", "-E", "separator=|"]
        for f in fields { args += ["-e", f] }
        if let filter { args += ["-Y", filter] }
        let r = try run(try tshark(), args)
        return r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
