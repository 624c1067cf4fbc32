import TeamAnalysis

/// The migration streams and largest flows as lanes over the capture's time, one lane per
/// direction of a flow at a host, coloured by the member carrying it: a move changes the colour
/// where it happened; a direction spread over members without moves (striping, round robin) is
/// drawn as bands, one per member, as thick as its share.
struct FlowTimeline {
    struct Segment: Equatable {
        var fromNs: Int64
        var toNs: Int64
        var slot: Int
        var member: String
    }

    struct Lane {
        /// The flow the lane belongs to ("tcp 192.0.2.1:50001 → 192.0.2.2:6600"): written
        /// once above its lanes.
        var group: String
        /// The direction at a host ("A sent", "B received").
        var label: String
        var segments: [Segment]
        /// Member shares of a split direction without moves: (member, slot, share).
        var bands: [(member: String, slot: Int, share: Double)]
        var fromNs: Int64
        var toNs: Int64
        var moves: [MoveReport]
    }

    var title: String
    var lanes: [Lane]
    var axis: TimeAxis

    static let width = 960.0
    static let left = 200.0
    static let right = 924.0
    static let laneHeight = 18.0
    static let gap = 6.0

    /// The segments of a direction that moved: from its first packet on the first member to
    /// each move, then on to its last packet. `slot` names a member's colour.
    static func segments(fromNs: Int64, toNs: Int64, moves: [MoveReport], slot: (String) -> Int) -> [Segment] {
        guard let first = moves.first else { return [] }
        var out: [Segment] = []
        var start = fromNs
        var member = first.from
        for m in moves {
            out.append(Segment(fromNs: start, toNs: m.time, slot: slot(member), member: member))
            start = m.time
            member = m.to
        }
        out.append(Segment(fromNs: start, toNs: toNs, slot: slot(member), member: member))
        return out
    }

    static let headerHeight = 16.0

    /// Lanes and the group headers above them, top to bottom: (lane index or nil for a
    /// header, its y).
    var rows: (items: [(lane: Int?, y: Double)], height: Double) {
        var items: [(Int?, Double)] = []
        var y = 2.0
        var group: String?
        for (i, lane) in lanes.enumerated() {
            if lane.group != group {
                items.append((nil, y))
                y += Self.headerHeight
                group = lane.group
            }
            items.append((i, y))
            y += Self.laneHeight + Self.gap
        }
        return (items, y + 24)
    }

    func rendered() -> String {
        let (items, height) = rows
        var c = SVGCanvas(width: Self.width, height: height)
        let bottom = height - 24
        axis.draw(on: &c, y: bottom, top: 0)
        for (index, y) in items {
            guard let index else {
                // The next lane's flow, as a header over the whole width.
                let next = items.first { $0.y > y && $0.lane != nil }?.lane ?? 0
                c.text(lanes[next].group, x: 8, y: y + 12, className: "label strong")
                continue
            }
            let lane = lanes[index]
            c.text(lane.label, x: Self.left - 8, y: y + Self.laneHeight / 2 + 4, anchor: "end", className: "label lane")
            let x0 = axis.x(lane.fromNs), x1 = max(axis.x(lane.toNs), axis.x(lane.fromNs) + 2)
            if !lane.segments.isEmpty {
                for s in lane.segments {
                    let a = axis.x(s.fromNs), b = max(axis.x(s.toNs), a + 1)
                    c.rect(x: a, y: y, width: b - a, height: Self.laneHeight, className: "fill m\(s.slot % 8)",
                           title: "\(lane.group), \(lane.label): on \(s.member) from \(TextFormat.time(s.fromNs)) to \(TextFormat.time(s.toNs))")
                }
                for m in lane.moves {
                    let x = axis.x(m.time)
                    c.line(x1: x, y1: y - 2, x2: x, y2: y + Self.laneHeight + 2, className: "move",
                           title: "moved \(m.from) → \(m.to) at \(TextFormat.time(m.time)) after \(TextFormat.span(m.idleBeforeNs)) idle")
                }
            } else {
                var by = y
                for b in lane.bands where b.share > 0 {
                    let h = Self.laneHeight * b.share
                    c.rect(x: x0, y: by, width: x1 - x0, height: h, className: "fill m\(b.slot % 8)",
                           title: "\(lane.group), \(lane.label): \(b.member) \(TextFormat.percent(b.share)) of the bytes")
                    by += h
                }
            }
        }
        return c.rendered(label: title)
    }
}
