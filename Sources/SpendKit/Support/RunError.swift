/// Usage and output errors of a run: at the bottom, so every stage that writes a file (reports, the database,
/// parts) throws them without looking up to the pipeline.
public enum RunError: ExitCoded, Equatable {
    case usage(String)
    case cannotWrite(path: String, reason: String)
    case locked(path: String, pid: Int32?)

    public var description: String {
        switch self {
        case .usage(let m): return m
        case .cannotWrite(let p, let r): return "\(p): cannot write: \(r)"
        case .locked(let p, let pid):
            return "\(p): another run\(pid.map { " (pid \($0))" } ?? "") holds the lock; try again later"
        }
    }
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .cannotWrite: return 73
        case .locked: return 75
        }
    }
}
