import CaptureIO
import PacketWire
import TeamingModels

/// What every capture target does with a reader: read each record as `teamscope analyze` would
/// (decode it with its interface's link type, sample it, hash it under every Linux policy and
/// kernel era), until the end or the first error. Errors are the expected outcome of most
/// inputs; only a crash, a sanitizer report or a hang is a finding.
public enum CaptureDrain {
    public static func run(_ reader: any PacketReader) {
        var decoded = DecodedPacket()
        var records = 0
        while records < 100_000 {
            let record: CaptureRecord?
            do { record = try reader.next() } catch { return }
            guard let record else { return }
            records += 1
            let interfaces = reader.interfaces
            guard record.interface >= 0, record.interface < interfaces.count else {
                fatalError("record names interface \(record.interface) of \(interfaces.count)")
            }
            FrameExercise.check(record.bytes.count == record.capturedLength, "captured length disagrees with the bytes lent")
            FrameExercise.run(record.bytes, linkType: interfaces[record.interface].linkType,
                              wireLength: record.wireLength, into: &decoded)
        }
        _ = reader.statistics
    }
}
