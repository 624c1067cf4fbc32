/// The Windows families of the modes that pin vPorts (Hyper-V Port, Dynamic): SET runs them
/// switch-independent only; pktmon's interfaces tell it from LBFO (the LBFO Multiplexor adapter,
/// or a Hyper-V vNIC without one).
enum WindowsFamilies {
    static func vPortModes(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] {
        guard part == .independent else { return [.windowsLBFO] }
        switch e.platform {
        case .hyperVSwitchOnly?: return [.windowsSET]
        case .lbfoTeamAdapter?: return [.windowsLBFO]
        case nil: return [.windowsLBFO, .windowsSET]
        }
    }
}
