/// Where the capture learns of its members' link state: the sysfs watcher, or a test's script.
public protocol LinkStateSource: AnyObject {
    /// The interface's state now (nil: it does not exist).
    func current(_ name: String) -> OperState?
    /// Watches one more interface from its state now.
    func add(_ name: String)
    /// The changes since the last call, oldest first, each stamped when it was seen.
    func drain() -> [LinkObservation]
    /// Stops watching (the watcher's thread ends).
    func stop()
}
