import Foundation

/// A libteam team's ports as `teamdctl NAME state dump` prints them: a JSON object whose
/// `ports` object is keyed by port name (libteam teamd/teamd_state.c).
public enum TeamPorts {
    /// The port names of a state dump, sorted; nil when the text is not such a dump.
    public static func parse(stateDump: String) -> [String]? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(stateDump.utf8)) as? [String: Any],
              let ports = json["ports"] as? [String: Any] else { return nil }
        return ports.keys.sorted()
    }

    /// Runs `teamdctl TEAM state dump`; its standard output when it exits 0, nil when teamdctl is
    /// not installed or fails.
    public static func stateDump(_ team: String) -> String? {
        guard let teamdctl = ["/usr/bin/teamdctl", "/usr/sbin/teamdctl", "/bin/teamdctl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: teamdctl)
        p.arguments = [team, "state", "dump"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
