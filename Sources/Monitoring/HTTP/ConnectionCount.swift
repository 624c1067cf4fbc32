import NIOConcurrencyHelpers

/// The listener's open connections, counted where they are accepted and closed (any thread),
/// and the most there ever were at once.
final class ConnectionCount: Sendable {
    private let state = NIOLockedValueBox((open: 0, peak: 0, refused: 0))

    /// Takes a place when fewer than `limit` are open; false (counted as refused) otherwise.
    func enter(limit: Int) -> Bool {
        state.withLockedValue { s in
            guard s.open < limit else { s.refused += 1; return false }
            s.open += 1
            s.peak = max(s.peak, s.open)
            return true
        }
    }

    func leave() { state.withLockedValue { $0.open -= 1 } }

    var snapshot: (open: Int, peak: Int, refused: Int) { state.withLockedValue { $0 } }
}
