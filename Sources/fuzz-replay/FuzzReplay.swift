import Foundation
import FuzzHarness

/// `fuzz-replay TARGET FILE…`: runs each file through the fuzz target's harness (`FuzzTarget`)
/// as the libFuzzer executable in Fuzz/ would, without the fuzzer: a development tool to replay
/// a crash, and how `FuzzHarnessTests` runs Fuzz/Regressions with each input in a process of its
/// own, so that an input that crashes fails its test instead of the whole test run. Exit status
/// 0 when every file went through; 2 when the target or a file is unusable; a crash ends it by
/// its signal.
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: fuzz-replay TARGET FILE…  (TARGET: \(names))\n".utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let bytes = read(path) else {
                FileHandle.standardError.write(Data("fuzz-replay: \(path): cannot be read\n".utf8))
                exit(2)
            }
            // SAFETY: the harness reads the input only inside the call.
            bytes.withUnsafeBytes { target.run($0) }
            print("\(name) \(path): \(bytes.count) bytes went through")
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            out += chunk[0..<n]
            if n < chunk.count { return ferror(f) == 0 ? out : nil }
        }
    }
}
