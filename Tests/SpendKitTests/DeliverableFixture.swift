import Foundation

@testable import SpendKit

/// A small municipality for issue 17's tests: a Proceedo ledger, a rule table with three categories (IT och telekom
/// with three subcategories), an organisation map of two boards and a contract register, written into a folder
/// of its own and analysed with the real binary.
struct DeliverableFixture {
    let dir = tempDir()
    private(set) var lines: [String] = []
    private(set) var contracts: [String] = []
    private var n = 0

    static let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Avtal;Huvudstatus"
    static let rules = """
        kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar
        IT och telekom;IT-hårdvara;;;54610;;
        IT och telekom;IT-programvara och licenser;;;74311;;
        IT och telekom;IT-konsulter;;;76500;;
        Bygg och fastighet;Bygg;;;41000;;
        Vård och omsorg;Vård;;;46000;;

        """
    static let organisation = "kst;forvaltning;namnd\n1000-1999;KSF;Kommunstyrelsen\n2000-2999;GRF;Grundskolenämnden\n"
    /// Accounts by what they buy.
    static let hardware = "54610", licences = "74311", consultants = "76500", building = "41000", care = "46000",
        unknown = "99999"

    /// One accounting line (its own invoice); `kst` 1xxx is Kommunstyrelsen, 2xxx Grundskolenämnden.
    mutating func line(
        _ date: String, _ supplier: String, _ account: String, _ amount: String, kst: String = "1100",
        avtal: String = "", status: String = "OK"
    ) {
        n += 1
        lines.append("F\(n);V\(n);\(date);\(supplier);;\(kst);\(account);\(amount);\(avtal);\(status)")
    }

    /// A contract of IT och telekom with a supplier (by name).
    mutating func contract(
        _ id: String, _ supplier: String, sub: String, from: String, to: String, extension ext: String = "",
        ceiling: String = "", name: String? = nil
    ) {
        contracts.append(
            "\(id);\(name ?? "Avtal \(id)");;\(supplier);IT och telekom;\(sub);\(from);\(to);\(ext);\(ceiling);ramavtal;"
        )
    }

    /// Writes the files (`dumps/dump.csv`, `regler.csv`, `organisation.csv`, `avtal.csv`) and returns the folder.
    @discardableResult
    func write() -> String {
        try? FileManager.default.createDirectory(atPath: dir + "/dumps", withIntermediateDirectories: true)
        _ = writeFile(([Self.header] + lines).joined(separator: "\n") + "\n", name: "dumps/dump.csv", in: dir)
        _ = writeFile(Self.rules, name: "regler.csv", in: dir)
        _ = writeFile(Self.organisation, name: "organisation.csv", in: dir)
        _ = writeFile(
            ([
                "avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic"
            ]
                + contracts).joined(separator: "\n") + "\n", name: "avtal.csv", in: dir)
        return dir
    }

    /// `spend analyze` on the fixture into `out/`, from inside its folder, with `extra` flags.
    func analyze(_ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
        write()
        return try runSpend(
            [
                "analyze", "--invoices", "dumps/dump.csv", "--rules", "regler.csv", "--contracts", "avtal.csv", "--org",
                "organisation.csv",
                "--category", "IT och telekom", "--out", "out",
            ] + extra, cwd: dir)
    }

    /// A file of the report of `year`.
    func text(_ file: String, year: Int = 2022) throws -> String {
        try String(contentsOfFile: "\(dir)/out/\(year)/\(file)", encoding: .utf8)
    }

    /// A CSV output's data rows as cells (BOM and header dropped).
    func rows(_ file: String, year: Int = 2022) throws -> [[String]] {
        Array(try table(file, year: year).dropFirst())
    }

    /// A CSV output's rows, header first.
    func table(_ file: String, year: Int = 2022) throws -> [[String]] {
        var t = try text(file, year: year)
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        return t.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// `1234,56` → öre.
    static func ore(_ cell: String) -> Int64 {
        if case .success(let v) = Amount.parseOre(cell) { return v }
        return .min
    }
}
