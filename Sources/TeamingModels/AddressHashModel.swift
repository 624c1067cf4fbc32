/// Windows Address Hash, whichever fields it hashes (TransportPorts, IPAddresses, MacAddresses):
/// LBFO only (SET has no Address Hash); switch-independent it rewrites the source MAC on the
/// non-primary members and receives everything on the primary. The three models share this
/// meaning by conforming; each still says how many keys it hashes and what breaks a tie.
public protocol AddressHashModel: TeamingModel {}

extension AddressHashModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: false) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.windowsLBFO] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.flowsStriped ?? e.receivedBesidePrimary ?? e.vPortsPinned ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }
}
