/// A value kept out of line and allocated at its first write: per-flow state that most flows
/// never need (counters of rare events, a member change in progress) costs one pointer until
/// then. A value type: copies share the storage until one of them writes (copy-on-write).
struct OnDemand<Value: Sendable>: Sendable {
    private var storage: [Value] = []

    init() {}

    /// The value, or nil before the first write.
    @inline(__always) var value: Value? { storage.first }
    @inline(__always) var isEmpty: Bool { storage.isEmpty }

    /// Changes the value in place, creating it as `make` first if there is none yet.
    @inline(__always)
    mutating func modify<R>(or make: @autoclosure () -> Value, _ body: (inout Value) -> R) -> R {
        if storage.isEmpty { storage = [make()] }
        return body(&storage[0])
    }
}
