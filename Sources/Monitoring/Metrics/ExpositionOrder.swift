/// The Prometheus text exposition in one order, whatever order the registry keeps its families
/// in (swift-prometheus walks a dictionary, whose order changes from process to process): the
/// families by name, each family's samples by their text. A histogram family keeps its samples
/// as emitted, since a child's buckets, `_sum` and `_count` belong together in that order.
///
/// The text format (prometheus.io/docs/instrumenting/exposition_formats): a family is its
/// `# HELP` and `# TYPE` lines followed by its samples, one per line, each line ending in `\n`.
public enum ExpositionOrder {
    /// One family's lines: the comment lines first, then the samples.
    struct Family {
        var name: ArraySlice<UInt8>
        var comments: [ArraySlice<UInt8>] = []
        var samples: [ArraySlice<UInt8>] = []
        var keepsOrder = false
    }

    /// `exposition` with its families and samples in canonical order; the bytes of every line are
    /// unchanged.
    public static func canonical(_ exposition: [UInt8]) -> [UInt8] {
        var families: [Family] = []
        var inComments = false
        for line in exposition.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.first == UInt8(ascii: "#") {
                // `# HELP name …` / `# TYPE name type`: a new family unless it continues the
                // comment lines of the one just begun.
                let words = line.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: true)
                let name = words.count > 2 ? words[2] : line
                if !inComments || families.last.map({ $0.name.elementsEqual(name) }) != true {
                    families.append(Family(name: name))
                }
                inComments = true
                if words.count > 3, words[1].elementsEqual("TYPE".utf8), words[3].elementsEqual("histogram".utf8) {
                    families[families.count - 1].keepsOrder = true
                }
                families[families.count - 1].comments.append(line)
            } else {
                inComments = false
                if families.isEmpty { families.append(Family(name: [])) }
                families[families.count - 1].samples.append(line)
            }
        }
        families.sort { $0.name.lexicographicallyPrecedes($1.name) }
        var out: [UInt8] = []
        out.reserveCapacity(exposition.count)
        for var family in families {
            if !family.keepsOrder { family.samples.sort { $0.lexicographicallyPrecedes($1) } }
            for line in family.comments + family.samples {
                out += line
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }
}
