import FuzzHarness

/// libFuzzer entry of `FuzzTarget.decode`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.decode.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
