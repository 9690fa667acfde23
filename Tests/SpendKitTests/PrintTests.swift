import Foundation
import Testing

@testable import SpendKit

/// Issue 17 point 1: the report printed (A4, every row of every table, headers repeated, charts whole) and read on a
/// 390-px phone; on the reference data set's report, which `ReferenceDataSetTests` writes once for both suites.
@Suite("Print and small screens", .serialized)
struct PrintTests {
    static func tool(_ names: [String]) -> String? {
        names.flatMap { ["/usr/bin/" + $0, "/usr/local/bin/" + $0] }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
    static let chromium = tool(["chromium", "chromium-browser", "google-chrome"])
    static let pdftotext = tool(["pdftotext"]), pdfinfo = tool(["pdfinfo"])
    static let printing = chromium != nil && pdftotext != nil && pdfinfo != nil

    /// The reference data set's 2022 folder.
    static func year2022() throws -> String { try ReferenceDataSetTests.run().dir + "/Reports/2022/" }

    static func run(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The rows of the first Markdown table on or after the line holding `marker`, as their cells.
    static func rows(after marker: String, in md: String) -> [[String]] {
        guard let start = md.range(of: marker) else { return [] }
        let lineStart = md[..<start.lowerBound].lastIndex(of: "\n").map { md.index(after: $0) } ?? md.startIndex
        let table = md[lineStart...].split(separator: "\n", omittingEmptySubsequences: false).drop {
            !$0.hasPrefix("|")
        }.prefix { $0.hasPrefix("|") }
        return table.dropFirst(2).map { line in
            line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\", with: "")
            }
        }
    }

    /// Text with every run of blanks (line breaks, no-break spaces) as one space.
    static func flat(_ s: String) -> String {
        s.replacingOccurrences(of: "[\\s\u{00A0}\u{202F}]+", with: " ", options: .regularExpression)
    }

    @Test(
        "report.html printed by headless Chromium: A4, every supplier of the 42 and every re-procurement row",
        .enabled(if: printing, "chromium and poppler-utils are not installed (make deps-test installs them)"))
    func pdf() throws {
        #expect(try ReferenceDataSetTests.run().code == 0)
        let dir = tempDir()
        _ = try Self.run(
            Self.chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=" + dir + "/profile",
                "--print-to-pdf=" + dir + "/report.pdf", try Self.year2022() + "report.html",
            ])
        let info = try Self.run(Self.pdfinfo!, [dir + "/report.pdf"])
        #expect(info.contains("(A4)"), "\(info)")
        let text = Self.flat(try Self.run(Self.pdftotext!, [dir + "/report.pdf", "-"]))
        let md = try String(contentsOfFile: try Self.year2022() + "report.md", encoding: .utf8)
        // rank | name | spend | share | cumulative share | …: the name with its figures, as the table prints them
        let suppliers = Self.rows(after: "*Figur 5:", in: md)
        #expect(suppliers.count == 42)
        for r in suppliers {
            #expect(
                text.contains(Self.flat("\(r[1]) \(r[2]) \(r[3]) \(r[4])")),
                "supplier \(r[0]) \(r[1]) is not in the PDF")
        }
        let reprocurement = Self.rows(
            after: "| Avtal | Leverantör | Underkategori | Löper ut | Starta senast |", in: md)
        #expect(!reprocurement.isEmpty)
        for r in reprocurement {
            #expect(text.contains(Self.flat(r.joined(separator: " "))), "re-procurement row \(r[0]) is not in the PDF")
        }
    }

    @Test(
        "the stylesheet prints on A4 without scroll boxes, repeats table headers and keeps charts whole; no script, no network"
    )
    func stylesheet() throws {
        let css = HTMLReport.css
        #expect(css.contains("@page{size:A4"))
        #expect(!css.contains("max-height"))
        let print = try #require(css.components(separatedBy: "@media print{").last)
        for rule in [
            ".table{overflow:visible}", "thead{display:table-header-group}", "tr{break-inside:avoid",
            ".pair svg{break-inside:avoid", ".pair{display:block}",
        ] {
            #expect(print.contains(rule), "\(rule)")
        }
        let html = try String(contentsOfFile: DeliverablesTestsFixture.html(), encoding: .utf8)
        #expect(
            !html.lowercased().contains("<script") && !html.contains("src=") && !html.contains("href=")
                && !html.contains("url("))
        #expect(
            html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").range(
                of: "https?://", options: .regularExpression) == nil)
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
    }

    @Test("every chart keeps text of 10 px and more on a 390-px phone")
    func phone() throws {
        #expect(try ReferenceDataSetTests.run().code == 0)
        let html = try String(contentsOfFile: try Self.year2022() + "report.html", encoding: .utf8)
        var svgs = html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0 }
        for n in 4...7 {
            svgs.append(try String(contentsOfFile: try Self.year2022() + "bild-\(n).svg", encoding: .utf8))
        }
        #expect(svgs.count >= 4 + 4)
        for svg in svgs {
            let size = SVGChart.size(svg)
            let fonts = svg.components(separatedBy: "font-size=\"").dropFirst().compactMap {
                Int($0.prefix { $0.isNumber })
            }
            let smallest = Double(fonts.min() ?? 0) * min(1, 366 / Double(size.width))  // 390 px less the page's 12-px margins
            #expect(
                size.width > 0 && smallest >= 10, "a chart \(size.width) px wide has text of \(smallest) px at 390 px")
        }
    }
}

/// A report.html of a small fixture, for the checks that need no reference data set.
enum DeliverablesTestsFixture {
    static func html() throws -> String {
        var f = DeliverableFixture()
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.hardware, "100,00")
        _ = try f.analyze(["--format", "html"])
        return f.dir + "/out/2022/report.html"
    }
}
