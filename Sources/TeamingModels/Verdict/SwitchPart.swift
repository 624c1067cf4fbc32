/// What the switch (or the peer) does in a team, as `hosts[].verdict.switch` and the `switch:`
/// claim spell it: `lacp` (802.1AX negotiates the aggregate), `static` (a configured
/// port-channel: the switch hashes inbound over the members, no LACP), `independent` (the
/// switch knows nothing: each member is an ordinary port), `unknown`.
public enum SwitchPart: String, Codable, Sendable, CaseIterable {
    case lacp, `static`, independent, unknown
}
