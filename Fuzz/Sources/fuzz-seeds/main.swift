import FuzzHarness
#if canImport(Glibc)
import Glibc
#endif

/// fuzz-seeds OUT CAPTURE...: writes the fuzz targets' seed corpora cut from captures
/// (`FuzzSeeds`) into OUT/pcap, OUT/pcapng, OUT/decode, OUT/smb, OUT/smbdirect and OUT/roce (with
/// `RoCEExercise.seeds`, since few captures hold RoCEv2), each file named by a hash of its
/// bytes. A capture that cannot be read is named and skipped.
func complain(_ s: String) { _ = s.withCString { write(2, $0, strlen($0)) } }

let args = CommandLine.arguments
guard args.count >= 3 else {
    complain("usage: fuzz-seeds OUT CAPTURE...\n")
    exit(2)
}
let out = args[1]
mkdir(out, 0o755)
for dir in ["pcap", "pcapng", "decode", "smb", "smbdirect", "roce"] { mkdir("\(out)/\(dir)", 0o755) }

func save(_ bytes: [UInt8], in dir: String) {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    let hex = String(h, radix: 16)
    let path = "\(out)/\(dir)/\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    guard let f = fopen(path, "wb") else { complain("fuzz-seeds: cannot write \(path)\n"); exit(1) }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

var total = FuzzSeeds()
total.roce = RoCEExercise.seeds
for path in args.dropFirst(2) {
    do {
        let s = try FuzzSeeds(capture: path)
        total.pcap += s.pcap; total.pcapng += s.pcapng; total.decode += s.decode; total.smb += s.smb; total.roce += s.roce; total.smbDirect += s.smbDirect
    } catch {
        complain("fuzz-seeds: skipped \(error)\n")
    }
}
for (dir, seeds) in [("pcap", total.pcap), ("pcapng", total.pcapng), ("decode", total.decode), ("smb", total.smb), ("roce", total.roce), ("smbdirect", total.smbDirect)] {
    for s in seeds { save(s, in: dir) }
}
print("fuzz-seeds: \(total.pcap.count) pcap, \(total.pcapng.count) pcapng, \(total.decode.count) decode, \(total.smb.count) smb, \(total.roce.count) roce, \(total.smbDirect.count) smbdirect")
