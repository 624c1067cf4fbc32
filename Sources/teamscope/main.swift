import CaptureIO
for path in CommandLine.arguments.dropFirst() {
    do {
        let r = try CaptureFile.open(path)
        var n = 0, perIf: [Int: Int] = [:]
        do { while let rec = try r.next() { n += 1; perIf[rec.interface, default: 0] += 1 } }
        catch { print("ERR", error) }
        print(path.split(separator: "/").suffix(2).joined(separator: "/"), r.format, n, perIf.sorted { $0.key < $1.key }, r.blockCounts, CaptureFile.blockSequence(of: r).joined(separator: ","))
    } catch { print("OPENERR", error) }
}
