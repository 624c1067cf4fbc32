/// The operating system a host runs as its capture tells it (`hosts[].verdict.platform`): known
/// when the signals agree (or a conclusive one says it), unknown when there is none or they
/// contradict each other.
public struct PlatformVerdict: Codable, Sendable, Equatable {
    /// Nil: unknown.
    public var os: OperatingSystem?
    /// Every signal found, agreeing or not, in the order they weigh.
    public var evidence: [PlatformSignal]

    public init(signals: [PlatformSignal]) {
        evidence = signals
        let conclusive = Set(signals.filter(\.isConclusive).compactMap(\.os))
        let all = Set(signals.compactMap(\.os))
        if conclusive.count == 1 { os = conclusive.first } else if conclusive.isEmpty && all.count == 1 { os = all.first } else { os = nil }
    }

    public static let unknown = PlatformVerdict(signals: [])

    /// Signals pointing to another operating system than `os`: what makes it unknown.
    public var contradicted: Bool { Set(evidence.compactMap(\.os)).count > 1 }
}
