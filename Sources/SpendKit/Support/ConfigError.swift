/// A configuration problem (spend.toml, the published figures' TOML); printed as `file:line: message`, exit 64, also
/// when the file is missing (a bad cron line or config, not a missing input: 66 is for the dumps and tables it names).
public enum ConfigError: ExitCoded, Equatable {
    case missing(path: String)
    case invalid(path: String, line: Int, message: String)
    /// The file is there but cannot be read as a file (a directory, no permission).
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such configuration file"
        case .invalid(let p, let l, let m): return "\(p):\(l): \(m)"
        case .unreadable(let p, let r): return "\(p): \(r)"
        }
    }
    public var exitCode: Int32 { 64 }
}
