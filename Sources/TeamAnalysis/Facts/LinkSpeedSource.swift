/// Where a member's link speed came from (`members[].link_speed_source`): `option`
/// (`--link-speed`), `pcapng` (the interface's `if_speed`), `smb` (the speed an SMB server
/// advertised for the one address this member's traffic used, MS-SMB2 2.2.32.5; a team's
/// interface advertises the team's speed, so this can be more than the member's own).
public enum LinkSpeedSource: String, Codable, Sendable {
    case option, pcapng, smb
}
