import FuzzHarness

/// libFuzzer entry of `FuzzTarget.pcapng`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapng(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.pcapng.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
