#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One capture argument: `PATH`, `MEMBER=PATH` or `HOST/MEMBER=PATH` (`HOST/*=PATH` puts every
/// interface of a multi-interface pcapng on HOST, each named by its if_name).
public struct CaptureSpec: Sendable, Hashable {
    public var path: String
    public var host: String?
    public var member: String?

    public init(path: String, host: String? = nil, member: String? = nil) {
        self.path = path
        self.host = host
        self.member = member
    }

    /// Parses an argument. A whole argument naming an existing file is a path even if it
    /// contains `=`.
    public static func parse(_ argument: String) -> CaptureSpec {
        if access(argument, F_OK) == 0 { return CaptureSpec(path: argument) }
        guard let eq = argument.firstIndex(of: "=") else { return CaptureSpec(path: argument) }
        let label = argument[..<eq]
        let path = String(argument[argument.index(after: eq)...])
        if let slash = label.firstIndex(of: "/") {
            let host = String(label[..<slash])
            let member = String(label[label.index(after: slash)...])
            return CaptureSpec(path: path, host: host.isEmpty ? nil : host,
                               member: member.isEmpty || member == "*" ? nil : member)
        }
        return CaptureSpec(path: path, member: label.isEmpty ? nil : String(label))
    }

    /// The file name without capture extensions (`eth0.pcap.gz` → `eth0`); `stdin` for `-`.
    public var stem: String {
        if path == "-" { return "stdin" }
        var name = String(path.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(path))
        let extensions = [".gz", ".pcapng", ".pcap", ".cap", ".ntar", ".dmp"]
        var stripped = true
        while stripped {
            stripped = false
            for ext in extensions where name.count > ext.count && name.lowercased().hasSuffix(ext) {
                name.removeLast(ext.count)
                stripped = true
            }
        }
        return name
    }

    /// The name of the folder holding the file ("." for a bare file name).
    public var folder: String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return "." }
        return String(parts[parts.count - 2])
    }

    /// The folder holding the file as the file system names it, for grouping files into hosts:
    /// `.`, `..`, a relative and an absolute spelling of one folder all resolve to one path
    /// (realpath(3) of the folder; the file itself is not followed, so a link counts in the folder
    /// it sits in). Nil for standard input, which sits in no folder.
    var resolvedFolder: String? {
        guard path != "-" else { return nil }
        let lexical = folderPath.isEmpty ? "/" : folderPath
        guard let resolved = realpath(lexical, nil) else { return lexical }
        defer { free(resolved) }
        // SAFETY: realpath returns a NUL-terminated path it allocated, freed after the copy.
        return String(cString: resolved)
    }

    /// A folder's name as a host name: its last component, when that is a real name (never `.`,
    /// `..` or the root).
    static func hostName(ofFolder folder: String) -> String? {
        guard let last = folder.split(separator: "/").last, last != ".", last != ".." else { return nil }
        return String(last)
    }

    /// The folder path as written (for deciding whether files sit in different folders).
    var folderPath: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
