import Foundation
import Testing

@testable import SpendKit

/// One registry of output formats: what each `--format` name writes, checked by option parsing and shown in help.
@Suite struct FormatSelectorTests {
    static let csvFiles = CSVTableFormat.all.map(\.fileName)
    static let pictures = ["bild-4.svg", "bild-5.svg", "bild-6.svg", "bild-7.svg"]

    @Test("each name writes its files, the pictures with md or html, the database no file per year")
    func filesPerName() {
        func files(_ names: Set<String>) -> [String] { Pipeline.formats(names).map(\.fileName) }
        #expect(files(["json"]) == ["summary.json"])
        #expect(files(["csv"]) == Self.csvFiles)
        #expect(files(["md"]) == ["report.md", "bilaga3.md", "avstamning.md"] + Self.pictures)
        #expect(files(["html"]) == ["report.html", "bilaga3.html"] + Self.pictures)
        #expect(files(["xlsx"]) == ["spend.xlsx"])
        #expect(files(["sqlite"]).isEmpty)
        #expect(FormatSelector.allCases.filter(\.isDatabase) == [.sqlite])
        // The default set: the order the pipeline has always written them in, each file once.
        let all = files(["json", "csv", "md", "html", "xlsx", "sqlite"])
        #expect(
            all == ["summary.json"] + Self.csvFiles + [
                "report.md", "bilaga3.md", "avstamning.md", "report.html", "bilaga3.html",
            ]
                + Self.pictures + ["spend.xlsx"])
        #expect(Set(all).count == all.count)
    }

    @Test("option checking knows the registry's names and no other")
    func checking() throws {
        struct Bad: Error { let message: String }
        let ok = try RunOptions.checkFormats(FormatSelector.allCases.map { " \($0.rawValue.uppercased()) " }) {
            Bad(message: $0)
        }
        #expect(ok == Set(FormatSelector.allCases.map(\.rawValue)))
        #expect(throws: Bad.self) { try RunOptions.checkFormats(["json", "svg"]) { Bad(message: $0) } }
        do { _ = try RunOptions.checkFormats(["pdf"]) { Bad(message: $0) } } catch let e as Bad {
            #expect(e.message == "unknown format 'pdf' (known: json, csv, md, html, xlsx, sqlite)")
        }
    }

    @Test("the help lists the registry's names")
    func help() throws {
        let r = try runSpend(["analyze", "--help"])
        #expect(r.code == 0)
        let text = (r.out + r.err).replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(
            separator: " ")
        #expect(text.contains("json,csv,md,html,xlsx,sqlite"), "\(text)")
    }
}
