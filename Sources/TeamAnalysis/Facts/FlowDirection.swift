/// Which way of a flow: `forward` from the endpoint that opened it (the flow key's first end,
/// as its first packet went), `reverse` back (`flows[].directions[].direction`).
public enum FlowDirection: String, Codable, Sendable, Comparable, CaseIterable {
    case forward, reverse

    public var isForward: Bool { self == .forward }

    public static func < (a: FlowDirection, b: FlowDirection) -> Bool { a == .forward && b == .reverse }
}
