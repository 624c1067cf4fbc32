/// `pcap_stats` of one live handle since it was opened: packets the kernel handed to the
/// capture, packets it dropped for want of buffer space (`ps_drop`), and packets the interface
/// or its driver dropped (`ps_ifdrop`).
public struct LiveStatistics: Sendable, Equatable {
    public var received: UInt64
    public var kernelDrops: UInt64
    public var interfaceDrops: UInt64

    public init(received: UInt64 = 0, kernelDrops: UInt64 = 0, interfaceDrops: UInt64 = 0) {
        self.received = received
        self.kernelDrops = kernelDrops
        self.interfaceDrops = interfaceDrops
    }

    public static func + (a: LiveStatistics, b: LiveStatistics) -> LiveStatistics {
        LiveStatistics(received: a.received + b.received, kernelDrops: a.kernelDrops + b.kernelDrops, interfaceDrops: a.interfaceDrops + b.interfaceDrops)
    }
}
