import Foundation
import Testing

@testable import SpendKit

/// The stages' arrows point down (Support ← Ingest ← Classify ← Analyze ← Report ← FastPath ← Pipeline ← Partial):
/// no stage names a type of a stage above it, and the helpers every stage uses (`Fmt`, `Ratio`, `writeAtomically`)
/// sit in Support. The fast path sits above Report because it writes the SQLite output's lines itself; Partial (the
/// parts of many organisations) runs the pipeline.
@Suite struct LayeringTests {
    static let stages = ["Support", "Ingest", "Classify", "Analyze", "Report", "FastPath", "Pipeline", "Partial"]
    static let sources = repoRoot + "/Sources/SpendKit"

    /// Each Swift file of a stage with its text, comments dropped.
    static func files(_ stage: String) throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: sources + "/" + stage).filter { $0.hasSuffix(".swift") }
            .sorted().map { name in
                let text = try String(contentsOfFile: sources + "/" + stage + "/" + name, encoding: .utf8)
                return (
                    name,
                    text.split(separator: "\n", omittingEmptySubsequences: false).map {
                        $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                            ?? ""
                    }.joined(separator: "\n")
                )
            }
    }

    /// The error types a stage declares (conforming to `Error` or `ExitCoded`).
    static func errors(_ stage: String) throws -> [String] {
        let declaration = try NSRegularExpression(
            pattern: "(?:struct|enum|class) +([A-Za-z]+)[^{]*:[^{]*\\b(?:Error|ExitCoded)\\b")
        return try files(stage).flatMap { f in
            declaration.matches(in: f.text, range: NSRange(f.text.startIndex..., in: f.text)).map {
                String(f.text[Range($0.range(at: 1), in: f.text)!])
            }
        }
    }

    @Test("no stage names an error type of a stage above it")
    func errorsPointDown() throws {
        for (i, stage) in Self.stages.enumerated() {
            let above = try Self.stages[(i + 1)...].flatMap { s in try Self.errors(s).map { (s, $0) } }
            for f in try Self.files(stage) {
                for (s, e) in above where f.text.range(of: "\\b\(e)\\b", options: .regularExpression) != nil {
                    Issue.record("\(stage)/\(f.name) names \(e) of \(s)")
                }
            }
        }
        #expect(try Self.errors("Support").contains("RunError"))
        #expect(try Self.errors("Analyze").contains("AnalyzeError"))
    }

    /// The types a stage declares.
    static func types(_ stage: String) throws -> [String] {
        let declaration = try NSRegularExpression(
            pattern:
                "(?m)^(?:public |final |private |fileprivate |internal )*(?:struct|enum|class|protocol|typealias) +([A-Z][A-Za-z0-9]*)"
        )
        return try files(stage).flatMap { f in
            declaration.matches(in: f.text, range: NSRange(f.text.startIndex..., in: f.text)).map {
                String(f.text[Range($0.range(at: 1), in: f.text)!])
            }
        }
    }

    @Test("no stage names a type of a stage above it: the fast path's room, too, points one way")
    func typesPointDown() throws {
        let declared = try Self.stages.map { try Self.types($0) }
        #expect(declared[Self.stages.firstIndex(of: "FastPath")!].contains("LineKernel"))
        #expect(declared[Self.stages.firstIndex(of: "Ingest")!].contains("RecordSink"))
        for (i, stage) in Self.stages.enumerated() {
            for f in try Self.files(stage) {
                let words = Set(f.text.split { !($0.isLetter || $0.isNumber || $0 == "_") })
                for (j, types) in declared.enumerated() where j > i {
                    for t in types where words.contains(Substring(t)) {
                        Issue.record("\(stage)/\(f.name) names \(t) of \(Self.stages[j])")
                    }
                }
            }
        }
    }

    @Test("every field has a role, and the kernel keys subjects and places by the fields of those roles")
    func fieldRoles() {
        #expect(
            Field.with(.subject) == [
                .supplierName, .supplierID, .account, .accountText, .currency, .contractRef, .category, .subcategory,
            ])
        #expect(Field.with(.place) == [.buyer, .board, .costCentre])
        #expect(Field.with(.text) == [.description])
        #expect(Set(Field.allCases.map(\.role)).count == 4)
    }

    @Test("Fmt, Ratio and writeAtomically are declared in Support")
    func helpersInSupport() throws {
        let support = try Self.files("Support").map(\.text).joined()
        for declaration in ["public enum Fmt {", "public struct Ratio:", "public func writeAtomically(to path: String"]
        {
            #expect(support.contains(declaration), "\(declaration)")
        }
        for stage in Self.stages.dropFirst() {
            for f in try Self.files(stage) {
                #expect(
                    !f.text.contains("public enum Fmt {") && !f.text.contains("public struct Ratio:"),
                    "\(stage)/\(f.name)")
            }
        }
    }

    @Test("the spill file's own error reads as before, exit 65")
    func spillError() {
        let e = SpillError(reason: "Input/output error")
        #expect(e.description == "(spill file):0: cannot read back what was written out of memory: Input/output error")
        #expect(e.exitCode == 65)
    }

    @Test("writeAtomically in Support still says which file it cannot write, exit 73")
    func writeError() throws {
        let path = tempDir() + "/missing-folder/out.csv"
        #expect(throws: RunError.cannotWrite(path: path, reason: "No such file or directory")) {
            try writeAtomically([1, 2, 3], to: path)
        }
        let ok = tempDir() + "/out.bin"
        try writeAtomically(to: ok) { sink in
            try sink([1]); try sink([2, 3])
        }
        #expect(FileManager.default.contents(atPath: ok) == Data([1, 2, 3]))
    }
}
