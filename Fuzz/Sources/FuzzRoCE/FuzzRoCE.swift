import FuzzHarness

/// libFuzzer entry of `FuzzTarget.roce`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoCE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.roce.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
