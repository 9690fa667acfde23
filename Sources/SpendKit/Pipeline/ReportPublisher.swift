import Foundation
import Logging

/// Writes a run's outputs into a staging folder beside the reports and moves them into place only when all of
/// them are written, so a failed or killed run leaves the previous reports as they were.
public final class ReportPublisher {
    public let outDir: String
    public let staging: String
    /// Entries (year folders, files) that were replaced, and those left alone because nothing changed.
    public private(set) var replaced: [String] = []
    public private(set) var unchanged: [String] = []
    private let fm = FileManager.default
    private let lock: RunLock
    /// Move replaced year folders to `archive/<year>/<UTC time>/`, keeping the latest `archiveKeep`.
    public var archive = false
    public var archiveKeep = 30

    /// Creates the reports folder if needed, takes its lock (exit 75 when held), repairs what a killed run left
    /// behind, and opens a staging folder.
    public init(outDir: String, log: Logger = .silent) throws {
        self.outDir = outDir
        staging = outDir + "/.staging-\(getpid())"
        do { try fm.createDirectory(atPath: outDir, withIntermediateDirectories: true) } catch {
            throw RunError.cannotWrite(path: outDir, reason: ReportPublisher.reason(error))
        }
        lock = try RunLock(path: outDir + "/.spend.lock")
        if let pid = lock.staleHolder {
            log.warning("\(lock.path): took over the lock left by run \(pid), which is no longer running")
        }
        try ReportPublisher.recover(outDir)
        do { try fm.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
            throw RunError.cannotWrite(path: staging, reason: ReportPublisher.reason(error))
        }
    }

    /// Removes staging folders of dead runs and puts back a year folder a run was killed while replacing.
    /// Call it only under the run lock.
    public static func recover(_ outDir: String) throws {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: outDir)) ?? [] {
            let path = outDir + "/" + name
            if name.hasPrefix(".staging-") {
                try? fm.removeItem(atPath: path)
            } else if name.hasPrefix(".previous-") {
                let original = outDir + "/" + name.dropFirst(".previous-".count)
                if fm.fileExists(atPath: original) { try? fm.removeItem(atPath: path) } else { _ = rename(path, original) }
            } else if name.hasPrefix("."), name.contains(".tmp-") {
                try? fm.removeItem(atPath: path)
            }
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

    /// Moves every staged entry into the reports folder; an entry whose bytes did not change is left untouched.
    public func publish() throws {
        let entries = ((try? fm.contentsOfDirectory(atPath: staging)) ?? []).sorted()
        for name in entries {
            let from = staging + "/" + name, to = outDir + "/" + name
            if ReportPublisher.sameContent(from, to) { unchanged.append(name); continue }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: to, isDirectory: &isDir), isDir.boolValue {
                let aside = outDir + "/.previous-" + name
                try? fm.removeItem(atPath: aside)
                try move(to, aside)
                FaultPoint.reach("publish")
                try move(from, to)
                if archive { keep(aside, as: name) } else { try? fm.removeItem(atPath: aside) }
            } else {
                try move(from, to)
            }
            replaced.append(name)
        }
        syncDirectory(outDir)
        discard()
    }

    /// Drops the staging folder (a failed run).
    public func discard() {
        try? fm.removeItem(atPath: staging)
    }

    /// Drops the staging folder and the lock.
    deinit {
        discard()
        lock.release()
    }

    /// Files a replaced folder under the archive and prunes the oldest beyond `archiveKeep`.
    private func keep(_ aside: String, as name: String) {
        let dir = outDir + "/archive/" + name
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HHmmss'Z'"
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try move(aside, dir + "/" + f.string(from: Date()))
        } catch { try? fm.removeItem(atPath: aside); return }
        let old = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        for o in old.dropLast(archiveKeep) { try? fm.removeItem(atPath: dir + "/" + o) }
    }

    private func move(_ a: String, _ b: String) throws {
        guard rename(a, b) == 0 else { throw RunError.cannotWrite(path: b, reason: String(cString: strerror(errno))) }
    }

    private func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Whether two files, or two folders file by file, hold the same bytes.
    static func sameContent(_ a: String, _ b: String) -> Bool {
        let fm = FileManager.default
        var da: ObjCBool = false, db: ObjCBool = false
        guard fm.fileExists(atPath: a, isDirectory: &da), fm.fileExists(atPath: b, isDirectory: &db), da.boolValue == db.boolValue else { return false }
        guard da.boolValue else { return fm.contentsEqual(atPath: a, andPath: b) }
        let la = ((try? fm.contentsOfDirectory(atPath: a)) ?? []).sorted(), lb = ((try? fm.contentsOfDirectory(atPath: b)) ?? []).sorted()
        return la == lb && la.allSatisfy { sameContent(a + "/" + $0, b + "/" + $0) }
    }

    static func reason(_ error: Error) -> String {
        let e = error as NSError
        if let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(u.code))) }
        return e.localizedDescription
    }
}
