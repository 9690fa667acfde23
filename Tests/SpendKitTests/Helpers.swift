import Foundation
import Testing

@testable import SpendKit

/// A fresh temporary directory per call, its name without decimal digits: a UUID's digits may spell a personnummer,
/// which every message shows masked (`PathDisplay`), and a test that compares a message with the path would fail.
func tempDir() -> String {
    let d = testRoot + "/" + letteredUUID()
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

/// A UUID with its digits as letters (0-9: g-p), so no path reads as a number.
private func letteredUUID() -> String {
    String(
        UUID().uuidString.unicodeScalars.map { s -> Character in
            s.properties.numericType == nil ? Character(s) : Character(Unicode.Scalar(s.value - 0x30 + 0x67)!)
        })
}

/// The folder of this test process's folders, removed when the process ends: a suite run leaves nothing in /tmp
/// (a hundred thousand folders of runs before this filled the disk).
private let testRoot: String = {
    let d = NSTemporaryDirectory() + "spend-tests-" + letteredUUID()
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    removedAtExit = d
    atexit { if let d = removedAtExit { try? FileManager.default.removeItem(atPath: d) } }
    return d
}()
nonisolated(unsafe) private var removedAtExit: String?

/// Gzips `path` by /bin/gzip into `path`.gz (`keep`: the file stays beside it); returns the new path.
@discardableResult
func gzipFile(_ path: String, keep: Bool = false) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = (keep ? ["-k"] : []) + ["-f", path]
    try p.run()
    p.waitUntilExit()
    return path + ".gz"
}

/// The analysis fixture's rules, contracts and organisation map over `invoices`, read as Proceedo exports.
func analysisOptions(_ invoices: [String], category: String? = "IT") -> RunOptions {
    var o = RunOptions()
    let dir = repoRoot + "/Fixtures/analysis"
    o.invoices = invoices
    o.profile = "proceedo"
    o.rules = dir + "/regler.csv"
    o.contracts = dir + "/avtal.csv"
    o.organisation = dir + "/organisation.csv"
    o.settings.category = category
    return o
}

func writeFile(_ bytes: [UInt8], name: String = "in.csv", in dir: String? = nil) -> String {
    let path = (dir ?? tempDir()) + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func writeFile(_ text: String, name: String = "in.csv", in dir: String? = nil) -> String {
    writeFile(Array(text.utf8), name: name, in: dir)
}

/// A small Proceedo dump, the built-in profile's nine columns (number, voucher, booking date, supplier, org number,
/// cost centre, account, amount, status), one row per string of `;`-separated cells.
func proceedoDump(_ rows: [String], name: String = "d.csv", in dir: String) -> String {
    let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"
    return writeFile(([header] + rows).joined(separator: "\n") + "\n", name: name, in: dir)
}

/// Ingests files and returns the accepted lines and the ingestor (for counts and rejects).
func ingest(_ paths: [String], profile: Profile? = nil, chunkSize: Int = 1 << 20) throws -> ([InvoiceLine], Ingestor) {
    let ing = Ingestor()
    ing.chunkSize = chunkSize
    var lines: [InvoiceLine] = []
    try ing.ingest(paths: paths, profile: profile) { lines.append($0) }
    return (lines, ing)
}

/// Repository root, from this file's path.
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The shared data beside the repository (`../shared/data`, the real Örebro ledger; `SPEND_SHARED` names another
/// shared folder): suites that read it carry `Shared.required`, so without it they are skipped with one clear
/// message instead of failing or passing silently.
enum Shared {
    static let data = (ProcessInfo.processInfo.environment["SPEND_SHARED"] ?? repoRoot + "/../shared") + "/data"
    static let orebro = data + "/orebro-2016-03/orebro-leverantorsfakturor-2016-03.csv"
    static let available = FileManager.default.fileExists(atPath: orebro)
    /// The trait for a suite or test that reads the shared data.
    static var required: ConditionTrait {
        .enabled(
            if: available,
            "needs the shared data beside the repository: \(orebro) is missing (SPEND_SHARED names another shared folder)"
        )
    }
}

/// The built `spend` binary: `SPEND_BIN` if set, else the product folder holding the test bundle's resources (so
/// `swift test -c release` runs the release binary), else `.build/debug/spend`.
let spendBinary: String = {
    if let bin = ProcessInfo.processInfo.environment["SPEND_BIN"], !bin.isEmpty { return bin }
    let products = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("spend").path
    if FileManager.default.isExecutableFile(atPath: products) { return products }
    return repoRoot + "/.build/debug/spend"
}()

/// Runs the built `spend` binary; returns exit code, stdout and stderr.
@discardableResult
func runSpend(_ args: [String], cwd: String? = nil, env: [String: String] = [:]) throws -> (
    code: Int32, out: String, err: String
) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: spendBinary)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
    let o = Pipe(), e = Pipe()
    p.standardOutput = o; p.standardError = e
    try p.run()
    let od = o.fileHandleForReading.readDataToEndOfFile(), ed = e.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let code = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
    return (code, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
}

/// The seeded generator the fixtures use, for seeded random tests.
typealias SeededRandom = FixtureRandom
