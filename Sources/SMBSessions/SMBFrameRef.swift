/// Where a packet came from: the input file (its index among the inputs) and the frame number
/// within it, counted from 1 as TShark numbers frames.
public struct SMBFrameRef: Sendable, Hashable, Comparable {
    public var input: Int32
    public var frame: Int64

    public init(input: Int32, frame: Int64) {
        self.input = input
        self.frame = frame
    }

    public static func < (a: SMBFrameRef, b: SMBFrameRef) -> Bool { (a.input, a.frame) < (b.input, b.frame) }
}
