/// Why a flow counts as a migration stream: the port it runs on, or its share of the capture.
public enum MigrationReason: Codable, Sendable, Equatable {
    public enum Kind: Codable, Sendable, Equatable {
        /// Hyper-V live migration over TCP (6600).
        case hyperV
        /// SMB (445): Hyper-V live migration over SMB, storage migration.
        case smb
        /// VMware vMotion (8000).
        case vMotion
        /// VMware NFC/vMotion (902).
        case vmwareNFC
        /// libvirt/QEMU migration (49152–49215).
        case libvirt
        /// SMB Direct over iWARP (TCP 5445, [MS-SMBD] 2.1): RDMA in TCP (MPA/DDP/RDMAP,
        /// RFC 5044, 5041, 5040), so the packets of a capture do show it.
        case smbDirect
        /// A port given with `--migration-port`.
        case given

        enum CodingKeys: String, CodingKey {
            case hyperV = "hyper_v", smb, vMotion = "v_motion", vmwareNFC = "vmware_nfc", libvirt, smbDirect = "smb_direct"
            case given
        }
    }
    case port(Kind, UInt16)
    /// It carried at least 1 % of the capture's bytes (the share, 0…1).
    case shareOfBytes(Double)

    enum CodingKeys: String, CodingKey {
        case port, shareOfBytes = "share_of_bytes"
    }
}
