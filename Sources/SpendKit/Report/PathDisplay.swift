import Foundation

/// How outputs name input files: relative to the config file's folder (or the current directory without one), as
/// `spend.toml` names them, so reports and the database hold no local absolute paths. A path that shares only the
/// root with that folder stays absolute rather than climbing to `/`.
public struct PathDisplay: Sendable {
    /// The folder paths are shown relative to, absolute and standardised; nil shows paths as they are.
    public let base: [String]?
    /// The run's files, each with the name shown, for reasons that quote a path (`repeats FILE:LINE`).
    private let known: [(path: String, shown: String)]

    /// Paths shown as they are.
    public static let asGiven = PathDisplay(base: nil, files: [])

    public init(base: String?, files: [String]) {
        let b = base.map { PathDisplay.components(PathDisplay.absolute($0)) }
        self.base = b
        known = files.map { ($0, PathDisplay.show($0, base: b)) }.filter { $0.0 != $0.1 }.sorted {
            $0.0.count > $1.0.count
        }
    }

    /// The paths of a run: relative to the folder of `configPath`, else to the current directory.
    public static func forRun(configPath: String?, files: [String]) -> PathDisplay {
        let cwd = FileManager.default.currentDirectoryPath
        let base = configPath.map { (absolute($0, cwd: cwd) as NSString).deletingLastPathComponent } ?? cwd
        return PathDisplay(base: base, files: files)
    }

    /// `path` as the outputs name it (a personnummer in a file's name masked, as everywhere).
    public func show(_ path: String) -> String { PersonalData.masked(PathDisplay.show(path, base: base)) }

    static func show(_ path: String, base: [String]?) -> String {
        guard let base, !path.isEmpty else { return path }
        let parts = PathDisplay.components(PathDisplay.absolute(path))
        var common = 0
        while common < min(parts.count, base.count) && parts[common] == base[common] { common += 1 }
        guard common > 0 else { return path }
        let up = Array(repeating: "..", count: base.count - common)
        let rest = up + parts[common...]
        return rest.isEmpty ? "." : rest.joined(separator: "/")
    }

    /// A reason text with the run's file paths in it shown as `show` shows them.
    public func reason(_ text: String) -> String {
        guard !known.isEmpty, text.utf8.contains(UInt8(ascii: "/")) else { return PersonalData.masked(text) }
        var t = text
        for (p, s) in known where PathDisplay.has(t, p) { t = t.replacingOccurrences(of: p, with: s) }
        return PersonalData.masked(t)
    }

    /// Whether `text` holds `part`, byte for byte: `reason` runs for every row of a list of rejects or
    /// duplicates, and Foundation's search took 80 % of a run with absolute paths.
    static func has(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { a in
            part.withUTF8 { b in
                guard let bp = b.baseAddress, let ap = a.baseAddress else { return b.isEmpty }
                var i = 0
                while i + b.count <= a.count {
                    if ap[i] == bp[0] && memcmp(ap + i, bp, b.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }

    static func absolute(_ p: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        p.hasPrefix("/") ? p : cwd + "/" + p
    }

    /// The components of an absolute path with `.` and `..` resolved (links are not followed).
    static func components(_ p: String) -> [String] {
        var out: [String] = []
        for c in p.split(separator: "/") {
            if c == "." { continue }
            if c == ".." { if !out.isEmpty { out.removeLast() }; continue }
            out.append(String(c))
        }
        return out
    }
}
