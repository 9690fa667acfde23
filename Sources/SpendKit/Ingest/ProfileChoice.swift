import Foundation

/// The profiles a run reads its files with (SPEC §3.2): one forced on every file, a file's own by a glob
/// (`[[profile]]` in spend.toml), or detection by header among candidates (the built-in profiles, or the profile
/// files given as a list), so one run reads every quarter of a ledger whose layout changed.
public struct ProfileChoice: Sendable {
    /// A file's own profile: the first whose glob matches its path (or its name, for a glob without `/`).
    public struct FileRule: Sendable {
        public var pattern: String
        public var profile: Profile
        public init(pattern: String, profile: Profile) { self.pattern = pattern; self.profile = profile }
    }

    public var forced: Profile?
    public var candidates: [Profile] = Profile.builtIn
    public var byFile: [FileRule] = []

    public init(forced: Profile? = nil, candidates: [Profile] = Profile.builtIn, byFile: [FileRule] = []) {
        self.forced = forced
        self.candidates = candidates
        self.byFile = byFile
    }

    /// The profile forced on `path`, or the candidates its header is matched against.
    public func profiles(for path: String) -> (forced: Profile?, candidates: [Profile]) {
        if let r = byFile.first(where: { ProfileChoice.matches($0.pattern, path) }) { return (r.profile, []) }
        return (forced, forced == nil ? candidates : [])
    }

    /// Gives every profile of the run the decimal sign `d`, as if each named it (`--decimal`).
    public mutating func setDecimal(_ d: UInt8) {
        func set(_ p: inout Profile) { p.decimal = d; p.decimalGiven = true }
        if forced != nil { set(&forced!) }
        for i in candidates.indices { set(&candidates[i]) }
        for i in byFile.indices { set(&byFile[i].profile) }
    }

    /// Every profile the run may use.
    var all: [Profile] { (forced.map { [$0] } ?? candidates) + byFile.map(\.profile) }

    /// Whether lines repeated across dumps are dropped: unless a profile of the run says `[duplicates] check = false`.
    var duplicateCheck: Bool { all.allSatisfy(\.duplicateCheck) }

    /// Whether a glob matches a path; a glob without `/` is matched against the file's name.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        guard pattern.contains("/") else { return fnmatch(pattern, (path as NSString).lastPathComponent, 0) == 0 }
        if fnmatch(pattern, path, 0) == 0 { return true }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return fnmatch(pattern, (absolute as NSString).standardizingPath, 0) == 0
    }

    /// The choice a run's settings make: `profile` (auto, a built-in name or a file; a comma-separated list of
    /// files for detection among them), `candidates` (profile files to detect among) and per-file `(glob, profile)`.
    public static func load(
        profile: String?, candidates names: [String] = [], byFile: [(pattern: String, profile: String)] = []
    ) throws -> ProfileChoice {
        var c = ProfileChoice()
        var list = names
        if let profile, profile != "auto" {
            let parts = profile.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if parts.count > 1 { list += parts } else { c.forced = try Profile.named(profile) }
        }
        if !list.isEmpty {
            c.candidates = try list.map { $0 == "auto" ? Profile.builtIn : [try Profile.named($0)] }.flatMap { $0 }
        }
        c.byFile = try byFile.map { FileRule(pattern: $0.pattern, profile: try Profile.named($0.profile)) }
        return c
    }
}
