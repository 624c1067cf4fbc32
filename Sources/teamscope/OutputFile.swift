import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Where a command writes what it prints: standard output, or the `-o FILE` given (`-o -` is
/// standard output too). Opened before the work starts, so a path that cannot be written is said
/// at once, not after minutes of reading.
struct OutputFile {
    /// The file, nil for standard output.
    let path: String?
    private var file: UnsafeMutablePointer<FILE>?

    /// Opens `path` (nil or `-`: standard output); exit 2 with the reason when it cannot be.
    init(_ path: String?) throws {
        guard let path, path != "-" else {
            self.path = nil
            return
        }
        guard let f = fopen(path, "w") else {
            // SAFETY: strerror returns a NUL-terminated message.
            printError("teamscope: -o \(path): cannot be written (\(String(cString: strerror(errno))))")
            throw ExitCode(2)
        }
        self.path = path
        file = f
    }

    /// The descriptor written to, for the terminal's width and colour.
    var descriptor: Int32 { file.map { fileno($0) } ?? 1 }

    func write(_ text: String) {
        if let file { fputs(text, file) } else { print(text, terminator: "") }
    }

    /// Hands what was written to the kernel (a log read while it grows stays whole to its last
    /// row); standard output (nil: every stream) too.
    func flush() { fflush(file) }

    func close() { if let file { fclose(file) } }
}
