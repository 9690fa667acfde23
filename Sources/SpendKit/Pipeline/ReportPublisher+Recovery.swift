import Foundation
import Logging

/// The swap of one entry, and the repair of what a killed run left: its journalled set is rolled forward whole,
/// anything it had not journalled is dropped.
extension ReportPublisher {
    /// Completes or clears what killed runs left in the reports folder. Call it only under the run lock.
    /// A `.staging-*` or `.previous-*` that is not a plain folder or file is refused (exit 73).
    public static func recover(_ outDir: String, log: Logger = .silent) throws {
        let names = (SafeFS.entries(outDir, follow: true) ?? []).sorted()
        for n in names where n.hasPrefix(".staging-") {
            let path = outDir + "/" + n
            try SafeFS.require(path, .folder)
            if let journal = PublishJournal.load(path + "/" + PublishJournal.fileName) {
                try rollForward(journal, staging: path, outDir: outDir, log: log)
                log.warning(
                    "\(outDir): completed the publish of \(journal.entries.map(\.name).joined(separator: ", ")) that a stopped run had begun"
                )
            }
            guard SafeFS.remove(path) else {
                throw RunError.cannotWrite(path: path, reason: "cannot remove: \(String(cString: strerror(errno)))")
            }
        }
        for n in names where n.hasPrefix(".previous-") {
            // only an older spend, which kept no journal, leaves these: put the set-aside entry back if it is missing
            let path = outDir + "/" + n, original = outDir + "/" + n.dropFirst(".previous-".count)
            guard let kind = SafeFS.kind(path) else { continue }
            try SafeFS.require(path, kind == .file ? .file : .folder)
            if SafeFS.kind(original) != nil { SafeFS.remove(path) } else { try move(path, original) }
        }
        for n in names where n.hasPrefix(".") && n.contains(".tmp-") {
            SafeFS.remove(outDir + "/" + n)
        }
    }

    /// Brings every journalled entry into place, whichever step the kill came at (the identity of the staged copy
    /// tells whether it is in yet), then archives or removes the replaced ones.
    static func rollForward(_ journal: PublishJournal, staging: String, outDir: String, log: Logger) throws {
        if journal.archiveKeep != nil { try requireArchive(outDir, journal.entries.map(\.name)) }
        for e in journal.entries {
            let staged = staging + "/" + e.name, target = outDir + "/" + e.name, aside = outDir + "/.previous-" + e.name
            if let k = SafeFS.kind(target), k != .file && k != .folder { try SafeFS.require(target, .folder) }
            if SafeFS.identity(target) == e.id {
                // in place; after an exchange the replaced copy may still sit in staging
                if SafeFS.kind(staged) != nil {
                    SafeFS.remove(aside)
                    try move(staged, aside)
                }
            } else if SafeFS.identity(staged) == e.id {
                try swapIn(e.name, staging: staging, outDir: outDir)
            } else {
                log.warning("\(target): the stopped publish left no copy of its own to put in place; left as it is")
            }
        }
        SafeFS.syncFolder(outDir)
        try finish(journal, outDir: outDir)
    }

    /// Puts one staged entry in place of its namesake, the replaced one set aside as `.previous-NAME`: one
    /// `renameat2` exchange where the file system has it (readers never find the path missing), else two renames.
    static func swapIn(_ name: String, staging: String, outDir: String) throws {
        let staged = staging + "/" + name, target = outDir + "/" + name, aside = outDir + "/.previous-" + name
        guard SafeFS.kind(target) != nil else { return try move(staged, target) }
        SafeFS.remove(aside)
        switch SafeFS.exchange(staged, target) {
        case 0:
            try move(staged, aside)
        case ENOSYS, EINVAL, ENOTSUP:
            try move(target, aside)
            FaultPoint.reach("publish-aside")
            try move(staged, target)
        case let e:
            throw RunError.cannotWrite(path: target, reason: String(cString: strerror(e)))
        }
    }

    /// Files each replaced entry of a swapped-in set under the archive, or removes it; the caller then drops the staging
    /// folder with its journal.
    static func finish(_ journal: PublishJournal, outDir: String) throws {
        for e in journal.entries {
            let aside = outDir + "/.previous-" + e.name
            guard SafeFS.kind(aside) != nil else { continue }
            if let keep = journal.archiveKeep {
                try archiveEntry(aside, name: e.name, stamp: journal.stamp, keep: keep, outDir: outDir)
            } else {
                SafeFS.remove(aside)
            }
        }
    }

    static func move(_ a: String, _ b: String) throws {
        guard rename(a, b) == 0 else { throw RunError.cannotWrite(path: b, reason: String(cString: strerror(errno))) }
    }
}
