/// An interface's link state as seen at one moment: `state` nil when the interface is gone.
public struct LinkObservation: Sendable, Equatable {
    public var member: String
    public var state: OperState?
    public var timeNs: Int64

    public init(member: String, state: OperState?, timeNs: Int64) {
        self.member = member
        self.state = state
        self.timeNs = timeNs
    }
}
