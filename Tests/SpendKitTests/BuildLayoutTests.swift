import Foundation
import Testing

/// Issue 19's build: `-Ounchecked` only in SpendCore, which stands below SpendKit; `make test-release` names suites
/// that exist (a renamed suite would silently drop out of a filter); `.swift-format` keeps 120 columns.
@Suite struct BuildLayoutTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: repoRoot + "/" + path, encoding: .utf8)
    }

    @Test("-Ounchecked is set for SpendCore alone, and SpendCore imports nothing of SpendKit")
    func uncheckedOnlyInCore() throws {
        let manifest = try Self.text("Package.swift")
        let targets = manifest.components(separatedBy: ".target(").dropFirst()
        let unchecked = targets.filter { $0.contains("\"-Ounchecked\"") }.map { $0.split(separator: "\"")[1] }
        #expect(unchecked == ["SpendCore"])
        let core = repoRoot + "/Sources/SpendCore"
        let files = try FileManager.default.contentsOfDirectory(atPath: core).filter { $0.hasSuffix(".swift") }
        #expect(files.contains("CSVScanner.swift") && files.contains("SubjectTable.swift"))
        for f in files {
            let source = try String(contentsOfFile: core + "/" + f, encoding: .utf8).split(separator: "\n")
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            #expect(!source.contains("import SpendKit") && !source.contains("RejectReason"), "\(f)")
        }
    }

    @Test("every filter of make test-release names a suite, or a test of a suite, that exists")
    func releaseFiltersMatch() throws {
        let makefile = try Self.text("Makefile")
        let block = try #require(
            makefile.components(separatedBy: "RELEASE_TESTS :=").dropFirst().first?
                .components(separatedBy: "\n\n").first)
        let filters = block.components(separatedBy: "--filter ").dropFirst()
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \\\n'")) }
        #expect(filters.count >= 7)
        #expect(makefile.contains("$(MAKE) --no-print-directory test-release"))
        let tests = repoRoot + "/Tests/SpendKitTests"
        let sources = try FileManager.default.contentsOfDirectory(atPath: tests).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOfFile: tests + "/" + $0, encoding: .utf8) }.joined()
        for filter in filters {
            let parts = filter.replacingOccurrences(of: "SpendKitTests\\.", with: "").split(separator: "/")
            let suite = String(parts[0])
            #expect(sources.contains("struct \(suite) {"), "\(filter)")
            guard parts.count > 1 else { continue }
            // `(a|b|c)\(`: each alternative is a test function of the suite.
            let names = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "()\\")).split(separator: "|")
            let suiteSource = try Self.text("Tests/SpendKitTests/\(suite).swift")
            for name in names { #expect(suiteSource.contains("func \(name)("), "\(suite)/\(name)") }
        }
    }

    @Test(".swift-format keeps lines to 120 columns, indented by 4 spaces")
    func formatterConfiguration() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: repoRoot + "/.swift-format"))
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(config["lineLength"] as? Int == 120)
        #expect((config["indentation"] as? [String: Any])?["spaces"] as? Int == 4)
    }
}
