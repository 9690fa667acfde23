/// A configuration problem (spend.toml, the published figures' TOML); printed as `file:line: message`, exit 64, also
/// when the file is missing (a bad cron line or config, not a missing input: 66 is for the dumps and tables it names).
public enum ConfigError: ExitCoded, Equatable {
    case missing(path: String)
    case invalid(path: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such configuration file"
        case .invalid(let p, let l, let m): return "\(p):\(l): \(m)"
        }
    }
    public var exitCode: Int32 { 64 }
}
