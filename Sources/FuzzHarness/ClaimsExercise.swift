import Claims

/// The claims target's work: the input as a claims file (YAML, README "Claims"); parsing gives
/// claims or a `ClaimError`, never a crash, and a file that parses has at least one claim.
public enum ClaimsExercise {
    /// The number of claims parsed, nil when the file was refused.
    @discardableResult
    public static func run(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let file = try? ClaimsFile.parse(text) else { return nil }
        FrameExercise.check(!file.claims.isEmpty, "a claims file parsed to no claims")
        return file.claims.count
    }
}
