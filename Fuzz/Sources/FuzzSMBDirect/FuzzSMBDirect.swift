import FuzzHarness

/// libFuzzer entry of `FuzzTarget.smbDirect`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMBDirect(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.smbDirect.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
