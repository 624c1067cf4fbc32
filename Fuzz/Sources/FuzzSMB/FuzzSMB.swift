import FuzzHarness

/// libFuzzer entry of `FuzzTarget.smb`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMB(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.smb.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
