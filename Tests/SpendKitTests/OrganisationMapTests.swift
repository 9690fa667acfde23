import Foundation
import Testing

@testable import SpendKit

private func map(_ rows: [String]) -> String {
    writeFile((["kst;forvaltning;namnd"] + rows).joined(separator: "\n") + "\n", name: "organisation.csv")
}

/// The organisation map: one normalisation on both sides, warnings for unmapped names, no overlapping rows
/// (issue 15 case 8, issue 20 case 13).
@Suite("Organisation map")
struct OrganisationMapTests {
    @Test(
        "a name matches with blanks trimmed and folded and case ignored, on both sides; å ä ö stay letters",
        arguments: [
            ("Kommunstyrelsens  förvaltning", "Kommunstyrelsens förvaltning", true),
            ("Kommunstyrelsens förvaltning", "Kommunstyrelsens  förvaltning", true),
            ("  Kommunstyrelsens\u{A0}förvaltning ", "kommunstyrelsens\tFÖRVALTNING", true),
            ("Kommunstyrelsens  förvaltning", "Kommunstyrelsens  förvaltning", true),
            ("Kommunstyrelsens förvaltning", "Kommunstyrelsens forvaltning", false),
            ("Kommunstyrelsens förvaltning", "Kommunstyrelsensförvaltning", false),
        ])
    func nameNormalisation(_ inMap: String, _ inData: String, _ matches: Bool) throws {
        let m = try OrganisationMap.load(map([";\(inMap);KS"]))
        let b = m.board(costCentre: "", exportBoard: inData)
        #expect(b.mapped == matches && b.name == (matches ? "KS" : OrganisationMap.unknown))
    }

    @Test(
        "a map row copied verbatim from the data (two blanks inside) maps its lines in a run, and the warning names the rest"
    )
    func verbatimRowAndUnmappedWarning() throws {
        let dir = tempDir()
        let dump = writeFile(
            """
            leverantor;leverantor_id;fakturanummer;bokforingsdatum;konto_nr;forvaltning;belopp
            Atea Sverige AB;556036-0793;A1;2022-01-10;74311;Kommunstyrelsens  förvaltning;10 000,00
            Atea Sverige AB;556036-0793;A2;2022-02-10;54610;Tekniska   förvaltningen;5 000,00
            Atea Sverige AB;556036-0793;A3;2022-02-11;54610;Okänd förvaltning;1 000,00

            """, name: "dump.csv", in: dir)
        let org = writeFile(
            "kst;forvaltning;namnd\n;Kommunstyrelsens  förvaltning;KS\n", name: "organisation.csv", in: dir)
        let r = try runSpend(["analyze", "--invoices", dump, "--org", org, "--out", dir + "/out", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(
            r.err.contains(
                "warning: 2 board names are not in the organisation map and went to Okänd nämnd: Okänd förvaltning, Tekniska förvaltningen"
            ), "\(r.err)")
        let summary = try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8)
        #expect(summary.contains("\"KS\""))
        // with every name mapped, no warning
        let all = writeFile(
            "kst;forvaltning;namnd\n;Kommunstyrelsens förvaltning;KS\n;tekniska förvaltningen;TN\n;OKÄND FÖRVALTNING;Övrigt\n",
            name: "all.csv", in: dir)
        let quiet = try runSpend([
            "analyze", "--invoices", dump, "--org", all, "--out", dir + "/out2", "--format", "json",
        ])
        #expect(quiet.code == 0 && !quiet.err.contains("board names"), "\(quiet.err)")
    }

    @Test(
        "two rows one cost centre or name could match are an error naming both lines",
        arguments: [
            (["1500;A;X", "1500;B;Y"], 3, 2),  // exact twice
            (["1000-1999;A;X", "1500;B;Y"], 3, 2),  // a code inside a range
            (["15*;A;X", "1500;B;Y"], 3, 2),  // a code under a prefix
            (["1500;A;X", "1*;B;Y"], 3, 2),  // the prefix after the code
            (["1*;A;X", "15*;B;Y"], 3, 2),  // a prefix within a prefix
            (["1000-1999;A;X", "1900-2999;B;Y"], 3, 2),  // ranges that overlap
            (["2000-2999;A;X", "1000-1999;B;Y", "2500-2600;C;Z"], 4, 2),
            (["1000-1999;A;X", "19*;B;Y"], 3, 2),  // a prefix inside a range of a longer width
            (["100-199;A;X", "2*;B;Y", "1*;C;Z"], 4, 2),
            ([";Grundskoleförvaltningen;X", "9000;Z;Z", "; grundskoleförvaltningen ;Y"], 4, 2),  // one name twice
        ])
    func overlap(_ rows: [String], _ line: Int, _ other: Int) throws {
        let path = map(rows)
        #expect {
            _ = try OrganisationMap.load(path)
        } throws: { e in
            let s = "\(e)"
            return (e as? AnalyzeError)?.exitCode == 65 && s.hasPrefix("\(path):\(line): ")
                && s.contains("overlaps line \(other) ")
        }
    }

    @Test(
        "rows that cannot match one code load",
        arguments: [
            ["1000-1999;A;X", "2000-2999;B;Y", "3*;C;Z", "4000;D;W"],
            ["100-199;A;X", "1000-1999;B;Y"],  // another width: 150 and 1500 are different codes
            ["1*;A;X", "2*;B;Y", "30000-39999;C;Z"],
            ["12*;A;X", "1300-1399;B;Y"],
            ["1200A;A;X", "13*;B;Y", "1200B;C;Z"],
            [";Grundskoleförvaltningen;X", ";Gymnasieförvaltningen;Y", "1000;Grundskoleförvaltningen;Z"],
        ])
    func noOverlap(_ rows: [String]) throws {
        let m = try OrganisationMap.load(map(rows))
        #expect(m.entries.count == rows.count)
    }

    @Test("a prefix and a range of the same width that meet at an edge overlap; one just past it does not")
    func rangeEdges() throws {
        #expect(throws: AnalyzeError.self) { _ = try OrganisationMap.load(map(["1000-1999;A;X", "1999;B;Y"])) }
        #expect(throws: AnalyzeError.self) { _ = try OrganisationMap.load(map(["0100-0199;A;X", "01*;B;Y"])) }
        _ = try OrganisationMap.load(map(["1000-1999;A;X", "2000;B;Y", "0999;C;Z", "21*;D;W"]))
    }

    @Test("a row with neither kst nor forvaltning is an error")
    func emptyRow() throws {
        let path = map([";;KS"])
        #expect(
            throws: AnalyzeError(
                path: path, line: 2, message: "row has neither kst nor forvaltning, so it maps nothing")
        ) {
            _ = try OrganisationMap.load(path)
        }
    }
}
