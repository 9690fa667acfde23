import Foundation
import GRDB
import Logging

/// Writes a run's outputs into a staging folder beside the reports and swaps them in as one set only when all of
/// them are written, so a failed or killed run leaves the previous reports as they were (or the next run completes
/// the swap). Nothing inside the reports folder that spend did not create is followed, replaced or deleted.
public final class ReportPublisher {
    public let outDir: String
    public let staging: String
    /// Entries (year folders, files) that were replaced, and those left alone because nothing changed.
    public private(set) var replaced: [String] = []
    public private(set) var unchanged: [String] = []
    /// Year folders in the reports this run did not produce: left as they were, with a warning.
    public private(set) var notProduced: [String] = []
    private let fm = FileManager.default
    private let lock: RunLock
    let log: Logger
    /// Move replaced entries to `archive/<name>/<UTC time>[-NN]`, keeping the latest `archiveKeep`.
    public var archive = false
    public var archiveKeep = 30
    /// The clock that names archives (tests put two runs into one second).
    var now: () -> Date = Date.init
    /// True from the journal until the set is swapped in: the staging folder then stays for the next run.
    private var swapping = false

    /// Creates the reports folder if needed, takes its lock (exit 75 when held), completes or clears what a killed
    /// run left behind, and opens a staging folder of its own.
    public init(outDir: String, log: Logger = .silent) throws {
        self.outDir = outDir
        self.log = log
        staging = outDir + "/.staging-\(getpid())"
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: outDir, isDirectory: &isDir) && !isDir.boolValue {
            throw RunError.cannotWrite(path: outDir, reason: "a file, not a folder: the output folder (--out) must be a folder")
        }
        do { try fm.createDirectory(atPath: outDir, withIntermediateDirectories: true) } catch {
            throw RunError.cannotWrite(path: outDir, reason: ReportPublisher.reason(error))
        }
        lock = try RunLock(path: outDir + "/.spend.lock")
        if let pid = lock.staleHolder {
            log.warning("\(lock.path): took over the lock left by run \(pid), which is no longer running")
        }
        try ReportPublisher.recover(outDir, log: log)
        guard mkdir(staging, 0o700) == 0 else {
            throw RunError.cannotWrite(path: staging, reason: String(cString: strerror(errno)))
        }
    }

    /// The staging path of an output, with its folder created.
    public func stagedPath(_ relative: String) throws -> String {
        let path = staging + "/" + relative
        let dir = (path as NSString).deletingLastPathComponent
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw RunError.cannotWrite(path: dir, reason: ReportPublisher.reason(error))
        }
        return path
    }

    /// Writes one output (`2022/summary.json`) into staging.
    public func write(_ bytes: [UInt8], to relative: String) throws {
        try writeAtomically(bytes, to: try stagedPath(relative))
        FaultPoint.reach("staging")
    }

    /// Writes one year's output of a format into staging, in the pieces the format makes.
    public func write(_ format: any ReportFormat, _ ctx: ReportContext, to relative: String) throws {
        try writeAtomically(to: try stagedPath(relative)) { try format.write(ctx, to: $0) }
        FaultPoint.reach("staging")
    }

    /// Swaps the staged entries in as one set, journalled first; refuses a place that is not plain, keeps foreign
    /// files, and leaves an entry whose bytes did not change untouched.
    public func publish() throws {
        let names = (SafeFS.entries(staging) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for n in names { try SafeFS.require(outDir + "/" + n, SafeFS.kind(staging + "/" + n) ?? .file) }
        if archive { try ReportPublisher.requireArchive(outDir, names) }
        try guardDatabase(names)
        warnNotProduced(names)
        for n in names where SafeFS.kind(staging + "/" + n) == .folder && SafeFS.kind(outDir + "/" + n) == .folder {
            try carryOver(n)
        }
        var changed: [String] = []
        for n in names {
            if SafeFS.sameContent(staging + "/" + n, outDir + "/" + n) {
                unchanged.append(n)
            } else {
                changed.append(n)
            }
        }
        guard !changed.isEmpty else { return discard() }
        let journal = PublishJournal(
            entries: try changed.map { n in
                guard let id = SafeFS.identity(staging + "/" + n) else {
                    throw RunError.cannotWrite(path: staging + "/" + n, reason: "vanished from staging")
                }
                return PublishJournal.Entry(name: n, id: id)
            },
            archiveKeep: archive ? archiveKeep : nil, stamp: ReportPublisher.stamp(now()))
        try writeAtomically(journal.encoded(), to: staging + "/" + PublishJournal.fileName)
        SafeFS.syncFolder(staging)
        swapping = true
        FaultPoint.reach("publish-journal")
        for n in changed {
            do { try ReportPublisher.swapIn(n, staging: staging, outDir: outDir) } catch {
                log.error(
                    "\(outDir): the publish stopped after \(replaced.count) of \(changed.count) entries; the next run completes it"
                )
                throw error
            }
            replaced.append(n)
            FaultPoint.reach("publish")
        }
        SafeFS.syncFolder(outDir)
        FaultPoint.reach("publish-archive")
        try ReportPublisher.finish(journal, outDir: outDir)
        swapping = false
        discard()
    }

    /// Refuses (exit 65) to replace a database that has lines by one that has none.
    private func guardDatabase(_ names: [String]) throws {
        let target = outDir + "/spend.sqlite"
        guard names.contains("spend.sqlite"), SafeFS.kind(target) == .file,
            ReportPublisher.hasLines(staging + "/spend.sqlite") == false, ReportPublisher.hasLines(target) == true
        else { return }
        throw PublishError.emptyDatabase(path: target)
    }

    /// Whether a database's `lines` table has a row; nil when it cannot be read.
    static func hasLines(_ path: String) -> Bool? {
        var config = Configuration()
        config.readonly = true
        guard let q = try? DatabaseQueue(path: path, configuration: config) else { return nil }
        defer { try? q.close() }
        return (try? q.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM lines)") }) ?? nil
    }

    /// Warns of each year folder in the reports that this run did not produce; it stays as it was.
    private func warnNotProduced(_ names: [String]) {
        for n in (SafeFS.entries(outDir, follow: true) ?? []).sorted()
        where n.count == 4 && n.allSatisfy(\.isASCIIDigit) && !names.contains(n)
            && SafeFS.kind(outDir + "/" + n) == .folder
        {
            notProduced.append(n)
            let why = "not one of its years: none of its rows, or not asked for"
            log.warning(
                "\(outDir)/\(n): not produced by this run (\(why)); the folder of an earlier run is left as it was")
        }
    }

    /// Links the entries of a published year folder that this run does not write into its staged one: the swap keeps them.
    private func carryOver(_ name: String) throws {
        let from = outDir + "/" + name, to = staging + "/" + name
        guard let theirs = SafeFS.entries(from) else {
            throw RunError.cannotWrite(path: from, reason: String(cString: strerror(errno)))
        }
        let ours = Set(SafeFS.entries(to) ?? [])
        for e in theirs where !ours.contains(e) {
            try SafeFS.linkTree(from + "/" + e, to + "/" + e)
        }
    }

    /// Drops the staging folder, unless a swap it journalled is under way (the next run completes it).
    public func discard() {
        guard !swapping else { return }
        SafeFS.remove(staging)
    }

    /// Drops the staging folder and the lock.
    deinit {
        discard()
        lock.release()
    }

    /// The archive name of a moment: `2022-03-01T021500Z`.
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    static func reason(_ error: Error) -> String {
        let e = error as NSError
        if let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        return e.localizedDescription
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
