/// Why parts cannot be read or merged: a file that is not a part (or is damaged), parts of different runs, tables
/// or settings, parts that do not cover the run's files exactly once, or parts that hold the same lines. All are
/// unusable input (exit 65), but a missing part is a missing input (exit 66).
public enum PartError: ExitCoded, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case mismatch(String)
    case coverage(String)
    /// Lines of `path`'s files whose duplicate keys `earlier` parts hold: its shard skipped `--earlier`.
    case overlap(path: String, earlier: [String], keys: Int, files: [String])
    /// Keys given to `path` as earlier shards' (`--earlier`) that the part holding `file` does not hold.
    case strayEarlier(path: String, keys: Int, file: String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such part"
        case .unreadable(let p, let r): return "\(p): \(r)"
        case .mismatch(let m), .coverage(let m): return m
        case .overlap(let p, let e, let n, let files):
            return "\(p): the lines of its files (\(files.joined(separator: ", "))) with \(n == 1 ? "a duplicate key" : "\(n) duplicate keys") "
                + "that \(e.joined(separator: ", ")) \(e.count == 1 ? "holds" : "hold") too repeat lines an earlier shard counts, so "
                + "merged they would count twice: its shard was not run again with --earlier and the earlier shards' keys "
                + "(the second stage, README \"Duplicates across shards\"), or with too few of them"
        case .strayEarlier(let p, let n, let file):
            return "\(p): \(n == 1 ? "a key" : "\(n) keys") given with --earlier (e.g. one said to stand in \(file)) "
                + "\(n == 1 ? "stands" : "stand") in no earlier part of this run, so its lines with \(n == 1 ? "it" : "them") were "
                + "dropped as repeats of lines no part counts: the keys file is not of this run's first stage; make it "
                + "again from the parts' --emit-keys"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .missing: return 66
        case .unreadable, .mismatch, .coverage, .overlap, .strayEarlier: return 65
        }
    }
}
