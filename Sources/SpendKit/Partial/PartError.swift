/// Why parts cannot be read or merged: a file that is not a part (or is damaged), parts of different runs, tables
/// or settings, or parts that do not cover the run's files exactly once. All are unusable input (exit 65), but a
/// missing part is a missing input (exit 66).
public enum PartError: ExitCoded, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case mismatch(String)
    case coverage(String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such part"
        case .unreadable(let p, let r): return "\(p): \(r)"
        case .mismatch(let m), .coverage(let m): return m
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .missing: return 66
        case .unreadable, .mismatch, .coverage: return 65
        }
    }
}
