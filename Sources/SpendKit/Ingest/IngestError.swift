import Foundation

/// A whole-file problem while reading invoice exports; printed as `file:line: message`.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case noHeader(path: String)
    case unknownEncoding(path: String, reason: String)
    /// No line of the first `searched` (0: line 1 only) holds the profile's required columns: `line` comes closest
    /// and lacks `fields` (header names as the profile folds them).
    case missingColumns(path: String, line: Int, fields: [String], profile: String, searched: Int)
    /// Several files whose header cannot be read, each with its own error.
    case headers([IngestError])
    case noProfile(path: String, line: Int, header: [String])
    case unknownProfile(name: String)
    case badProfile(path: String, line: Int, message: String)
    case malformed(path: String, line: Int, message: String)
    /// More rejected rows than `max_rejects` allows; `why` holds the most frequent reasons, `kept` where they are listed.
    case tooManyRejects(rejected: Int, read: Int, limit: Double, why: [String] = [], kept: String? = nil)
    /// Not one row accepted (an empty dump, or every row rejected or excluded).
    case noneAccepted(read: Int, rejected: Int, excluded: Int, why: [String] = [], kept: String? = nil)
    /// Size, modification time or inode at the end of reading differ from those at its start.
    case changedWhileRead(path: String)

    public var description: String {
        switch self {
        case .missingFile(let p): return "\(p): no such file"
        case .unreadable(let p, let r): return "\(p): cannot read: \(r)"
        case .noHeader(let p): return "\(p):1: no recognisable header line"
        case .unknownEncoding(let p, let r): return "\(p):1: unknown encoding: \(r)"
        case .missingColumns(let p, let line, let fields, let prof, let searched):
            let list = fields.map { "'\($0)'" }.joined(separator: ", ")
            return
                "\(p):\(line): required column\(fields.count == 1 ? "" : "s") \(list) of profile '\(prof)' \(fields.count == 1 ? "is" : "are") missing from the header"
                + (searched > 0
                    ? " (no line of the first \(searched) holds them all; line \(line) comes closest; set header_row in [format] if the header is further down)"
                    : "")
        case .headers(let errors):
            return "\(errors.count) files have no usable header:\n"
                + errors.map { "  \($0.description)" }.joined(separator: "\n")
        case .noProfile(let p, let line, let h):
            return
                "\(p):\(line): no export profile matches the header (\(h.prefix(12).joined(separator: ", "))); use --profile"
        case .unknownProfile(let n):
            let names = (["auto"] + Profile.builtIn.map(\.name)).joined(separator: ", ")
            return "\(n): unknown profile (use \(names) or a .toml file)"
        case .badProfile(let p, let l, let m): return "\(p):\(l): \(m)"
        case .malformed(let p, let l, let m): return "\(p):\(l): \(m)"
        case .tooManyRejects(let r, let n, let lim, let why, let kept):
            return "\(r) of \(n) rows rejected, above the limit of \(String(format: "%.3f", lim * 100)) %"
                + IngestError.listing(why, kept)
        case .noneAccepted(let n, let r, let x, let why, let kept):
            return (n == 0 ? "no rows in the input" : "no row accepted of \(n) read (\(r) rejected, \(x) excluded)")
                + IngestError.listing(why, kept)
        case .changedWhileRead(let p):
            return
                "\(p): changed while it was read (its size, modification time or inode differ from when it was opened)"
        }
    }

    /// The most frequent reasons, one per line, and where every rejected row is listed.
    private static func listing(_ why: [String], _ kept: String?) -> String {
        var s =
            kept.map { "; every rejected row is in \($0)" }
            ?? (why.isEmpty ? "" : "; the rejected rows could not be written out")
        if !why.isEmpty { s += "; the most frequent reasons:\n" + why.map { "  \($0)" }.joined(separator: "\n") }
        return s
    }

    /// The sysexits code of SPEC §5.
    public var exitCode: Int32 {
        switch self {
        case .missingFile: return 66
        case .unknownProfile, .badProfile: return 64
        default: return 65
        }
    }
}
