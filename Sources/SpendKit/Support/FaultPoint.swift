import Foundation

/// Named points where the fault tests kill the process (`SPEND_CRASH_AT=name`), to prove a SIGKILL at the worst
/// moment leaves the previous reports intact.
enum FaultPoint {
    static let armed = ProcessInfo.processInfo.environment["SPEND_CRASH_AT"]

    static func reach(_ name: String) {
        if armed == name { kill(getpid(), SIGKILL) }
    }
}
