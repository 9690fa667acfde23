import Foundation

/// The archive of replaced entries: `archive/<name>/<UTC time>[-NN][.ext]`, a name no other run takes, and pruning
/// that removes only archives spend made itself.
extension ReportPublisher {
    /// Refuses (exit 73) an `archive/` or `archive/<name>/` that is not a plain folder.
    static func requireArchive(_ outDir: String, _ names: [String]) throws {
        try SafeFS.require(outDir + "/archive", .folder)
        for n in names { try SafeFS.require(outDir + "/archive/" + n, .folder) }
    }

    /// Moves a replaced entry to `archive/<name>/<stamp>` (`-02`, `-03`… when a run of the same second took it),
    /// then prunes that folder's archives to the latest `keep`.
    static func archiveEntry(_ aside: String, name: String, stamp: String, keep: Int, outDir: String) throws {
        let dir = outDir + "/archive/" + name
        for d in [outDir + "/archive", dir] {
            try SafeFS.makeFolder(d)
            try SafeFS.require(d, .folder)
        }
        let ext = (name as NSString).pathExtension.isEmpty ? "" : "." + (name as NSString).pathExtension
        for i in 1...99 {
            let dest = dir + "/" + stamp + (i == 1 ? "" : String(format: "-%02d", i)) + ext
            switch SafeFS.renameNoReplace(aside, dest) {
            case 0: return prune(dir, keep: keep)
            case EEXIST, ENOTEMPTY: continue
            case let e: throw RunError.cannotWrite(path: dest, reason: String(cString: strerror(e)))
            }
        }
        throw RunError.cannotWrite(path: dir + "/" + stamp, reason: "99 archives of the same second already")
    }

    /// Removes all but the latest `keep` archives in `dir`: only plain entries named as spend names them;
    /// anything else there is not spend's and stays.
    static func prune(_ dir: String, keep: Int) {
        let ours = (SafeFS.entries(dir) ?? []).filter {
            isArchiveName($0) && [.folder, .file].contains(SafeFS.kind(dir + "/" + $0))
        }
        let byAge = ours.sorted { ($0.split(separator: ".").first ?? "") < ($1.split(separator: ".").first ?? "") }
        for o in byAge.dropLast(keep) { SafeFS.remove(dir + "/" + o) }
    }

    /// `2022-03-01T021500Z`, optionally `-NN`, optionally an extension.
    static func isArchiveName(_ name: String) -> Bool {
        let core = Array((name.split(separator: ".", maxSplits: 1).first ?? "").utf8)
        let template = Array("0000-00-00T000000Z".utf8)
        guard
            core.count == template.count
                || (core.count > template.count + 1 && core[template.count] == UInt8(ascii: "-"))
        else { return false }
        for (i, t) in template.enumerated() {
            let c = core[i]
            if t == UInt8(ascii: "0") ? !(c >= 48 && c <= 57) : c != t { return false }
        }
        return core.dropFirst(template.count + 1).allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
