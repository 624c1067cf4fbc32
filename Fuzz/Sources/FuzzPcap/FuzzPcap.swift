import FuzzHarness

/// libFuzzer entry of `FuzzTarget.pcap`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcap(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.pcap.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
