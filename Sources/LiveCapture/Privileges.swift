#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `-Z USER`: once the handles are open, the process becomes the user (its groups, group and
/// user id, in that order, as tcpdump does).
public enum Privileges {
    /// Why the drop failed: no such user, or the call that failed and its errno.
    public enum DropError: Error, Sendable, Equatable {
        case noSuchUser
        case failed(call: String, errno: Int32)
    }

    public static func drop(to user: String) throws(DropError) {
        guard let pw = getpwnam(user) else { throw .noSuchUser }
        // SAFETY: getpwnam returned a non-nil passwd entry, read before any other getpw* call.
        if initgroups(user, pw.pointee.pw_gid) != 0 { throw .failed(call: "initgroups", errno: errno) }
        if setgid(pw.pointee.pw_gid) != 0 { throw .failed(call: "setgid", errno: errno) }
        if setuid(pw.pointee.pw_uid) != 0 { throw .failed(call: "setuid", errno: errno) }
    }
}
