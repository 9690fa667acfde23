/// Why parts cannot be read or merged: a file that is not a part (or is damaged), parts of different runs, tables
/// or settings, parts that do not cover the run's files exactly once, or parts that hold the same lines. All are
/// unusable input (exit 65), but a missing part is a missing input (exit 66).
public enum PartError: ExitCoded, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case mismatch(String)
    case coverage(String)
    /// Lines of `path`'s files whose duplicate keys an earlier part holds: its shard skipped `--earlier`.
    case overlap(path: String, earlier: String, keys: Int, files: [String])

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such part"
        case .unreadable(let p, let r): return "\(p): \(r)"
        case .mismatch(let m), .coverage(let m): return m
        case .overlap(let p, let e, let n, let files):
            return "\(p): \(n == 1 ? "a line" : "\(n) lines") of its files (\(files.joined(separator: ", "))) "
                + "\(n == 1 ? "repeats a line" : "repeat lines") of \(e)'s, which \(n == 1 ? "it holds" : "they hold") too: "
                + "its shard was not run again with --earlier and the keys of the earlier shards (the second stage, "
                + "README \"Duplicates across shards\"), so merged they would count twice"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .missing: return 66
        case .unreadable, .mismatch, .coverage, .overlap: return 65
        }
    }
}
