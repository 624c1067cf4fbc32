import FuzzHarness

/// libFuzzer entry of `FuzzTarget.claims`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClaims(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.claims.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
