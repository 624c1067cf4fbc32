/// A performance counter path as PDH writes it in a log's header:
/// `\\MACHINE\Object(Instance)\Counter` (the instance optional, `Parent/Instance#n` kept whole).
/// Perfmon replaces `(`, `)` and `#` in instance names by `[`, `]` and `_` in some objects
/// but not others, so instances are compared by `instanceKey`.
public struct CounterPath: Sendable, Equatable {
    public var machine: String
    public var object: String
    public var instance: String?
    public var counter: String

    /// Nil when `text` is not a counter path with a machine.
    public init?(_ text: String) {
        guard text.hasPrefix("\\\\") else { return nil }
        let rest = text.dropFirst(2)
        guard let machineEnd = rest.firstIndex(of: "\\") else { return nil }
        let afterMachine = rest[rest.index(after: machineEnd)...]
        guard let counterStart = afterMachine.lastIndex(of: "\\") else { return nil }
        let objectPart = afterMachine[..<counterStart]
        let counter = afterMachine[afterMachine.index(after: counterStart)...]
        guard !objectPart.isEmpty, !counter.isEmpty else { return nil }
        machine = String(rest[..<machineEnd])
        self.counter = String(counter)
        if let open = objectPart.firstIndex(of: "("), objectPart.last == ")" {
            object = String(objectPart[..<open])
            instance = String(objectPart[objectPart.index(after: open)..<objectPart.index(before: objectPart.endIndex)])
        } else {
            object = String(objectPart)
            instance = nil
        }
    }

    /// The instance as perfmon spells it in every object: `(`→`[`, `)`→`]`, `#`→`_`, `/`→`_`,
    /// `\`→`_` (the Network Interface object's own substitutions), so that one adapter's
    /// Network Interface and RDMA Activity instances meet.
    public static func instanceKey(_ instance: String) -> String {
        String(instance.map { c -> Character in
            switch c {
            case "(": return "["
            case ")": return "]"
            case "#", "/", "\\": return "_"
            default: return c
            }
        })
    }
}
