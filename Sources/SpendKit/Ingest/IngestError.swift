import Foundation

/// A whole-file problem while reading invoice exports; printed as `file:line: message`.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case noHeader(path: String)
    case unknownEncoding(path: String, reason: String)
    case missingColumn(path: String, field: String, profile: String)
    case noProfile(path: String, header: [String])
    case unknownProfile(name: String)
    case badProfile(path: String, line: Int, message: String)
    case malformed(path: String, line: Int, message: String)
    case tooManyRejects(rejected: Int, read: Int, limit: Double)
    /// Size, modification time or inode at the end of reading differ from those at its start.
    case changedWhileRead(path: String)

    public var description: String {
        switch self {
        case .missingFile(let p): return "\(p): no such file"
        case .unreadable(let p, let r): return "\(p): cannot read: \(r)"
        case .noHeader(let p): return "\(p):1: no recognisable header line"
        case .unknownEncoding(let p, let r): return "\(p):1: unknown encoding: \(r)"
        case .missingColumn(let p, let f, let prof):
            return "\(p):1: required column '\(f)' of profile '\(prof)' is missing from the header"
        case .noProfile(let p, let h):
            return "\(p):1: no export profile matches the header (\(h.prefix(12).joined(separator: ", "))); use --profile"
        case .unknownProfile(let n): return "\(n): unknown profile (use proceedo, proaact, leverantorsreskontra or a .toml file)"
        case .badProfile(let p, let l, let m): return "\(p):\(l): \(m)"
        case .malformed(let p, let l, let m): return "\(p):\(l): \(m)"
        case .changedWhileRead(let p):
            return "\(p): changed while it was read (its size, modification time or inode differ from when it was opened)"
        case .tooManyRejects(let r, let n, let lim):
            return "\(r) of \(n) rows rejected, above the limit of \(String(format: "%.3f", lim * 100)) %; see rejects.csv"
        }
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
