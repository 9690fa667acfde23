/// `bilaga3.md`: sections 10.1–10.2 of the category plan (seed 002) regenerated in Swedish from the data; every
/// text from the data (names, the category, the published document's) goes through `Fmt.markdown`.
public struct Bilaga3: ReportFormat {
    public static let name = "md"
    public let fileName = "bilaga3.md"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let r = ctx.report
        let previous = ctx.history.last
        func mkr(_ v: Int64) -> String { Fmt.millionsExact(v) + " miljoner " + ctx.report.currency.unit }
        func pct(_ v: Ratio) -> String { Fmt.percent(v) }
        func md(_ s: String) -> String { Fmt.markdown(s) }
        func list(_ xs: [String]) -> String {
            xs.count <= 1 ? xs.joined() : xs.dropLast().joined(separator: ", ") + " och " + xs.last!
        }
        var t = "# Bilaga 3 – Nulägesanalys, \(md(r.category)) \(r.year)\n\n## 10.1 Spendanalys\n\n"
        t += "Kategori \(md(r.category)) hade en total spend på ca \(mkr(r.total)) \(r.year)"
        if let p = previous { t += " (\(mkr(p.total)) år \(p.year))" }
        t += ". Kategorin står för \(pct(Ratio(r.total, r.allSpend))) av all spend i underlaget.\n\n"
        if let top = r.subcategories.first {
            t += "Den största underkategorin är \(md(top.name)) (vilken står för \(pct(top.share)) av spenden) med en spend år \(r.year) på \(mkr(top.amount))"
            if let s = top.largestSupplier { t += " där \(md(s)) är den största leverantören med \(mkr(top.largestSupplierAmount))" }
            t += ".\n\n"
        }
        t += "| Underkategori | Spend | Andel | Största leverantör |\n| --- | ---: | ---: | --- |\n"
        for s in r.subcategories {
            t += "| \(md(s.name)) | \(mkr(s.amount)) | \(pct(s.share)) | \(s.largestSupplier.map { "\(md($0)) (\(mkr(s.largestSupplierAmount)))" } ?? "–") |\n"
        }
        t += "\nKommunen köper inom kategorin från \(Fmt.group(Int64(r.suppliersWithSpend))) olika leverantörer"
        if let p = previous { t += " (\(p.year) var antalet \(Fmt.group(Int64(p.suppliersWithSpend))))" }
        t += ". \(r.suppliersFor80) leverantörer står för 80 % av spenden; svansen är \(r.tailSuppliers) leverantörer med sammanlagt \(mkr(r.tailAmount)).\n\n"
        let topSuppliers = r.suppliers.prefix(3).map { "\(md($0.name)) (\(mkr($0.amount)))" }
        if !topSuppliers.isEmpty { t += "De största leverantörerna är \(list(topSuppliers)).\n\n" }
        let boards = r.boards.prefix(4).map { "\(md($0.name)) (\(pct($0.share)))" }
        if !boards.isEmpty { t += "Den största beställande nämnden är \(boards[0])" + (boards.count > 1 ? ", följt av \(list(Array(boards.dropFirst())))" : "") + ".\n\n" }
        for s in r.subcategories {
            let within = r.boardBySubcategory.filter { $0.subcategory == s.name }.prefix(3).map { "\(md($0.board)) (\(pct($0.share)))" }
            if !within.isEmpty { t += "- Inom \(md(s.name)) är \(list(within)) största köpare.\n" }
        }
        let volumes = r.suppliers.sorted { $0.invoices != $1.invoices ? $0.invoices > $1.invoices : $0.name < $1.name }.prefix(2)
        if let v = volumes.first {
            t += "\nDet är en stor mängd fakturor inom kategorin: totalt \(Fmt.group(Int64(r.invoices))) fakturor \(r.year). "
            t += "T.ex. \(md(v.name)) med \(Fmt.group(Int64(v.invoices))) fakturor"
            if volumes.count > 1 { t += " samt \(md(volumes.last!.name)) med \(Fmt.group(Int64(volumes.last!.invoices))) fakturor" }
            t += ".\n"
        }
        t += "\n## 10.2 Leverantörstrohet\n\n"
        t += "Under \(r.year) köptes \(pct(r.offContractShare)) (\(mkr(r.offContract))) från ej avtalad och/eller registrerad leverantör"
        if let first = ctx.history.first { t += "; år \(first.year) var andelen \(pct(first.offContractShare)) (\(mkr(first.offContract)))" }
        t += ".\n\n"
        let worst = r.subcategories.filter { $0.amount > 0 }.sorted { $0.offContractShare.scaled(6) > $1.offContractShare.scaled(6) }.prefix(3)
        if !worst.isEmpty { t += "Störst andel köp utanför avtal: \(list(worst.map { "\(md($0.name)) \(pct($0.offContractShare))" })).\n" }
        if let published = ctx.published {
            let checks = published.reconcile(ctx.history + [r])
            let differ = checks.filter { !$0.agrees }
            t += "\n### Avstämning mot publicerade siffror\n\n"
            t += "Jämfört med \(md(published.source)): \(checks.count - differ.count) av \(checks.count) siffror stämmer med underlaget"
            t += differ.isEmpty ? ".\n" : "; följande skiljer sig, och texten ovan anger underlagets siffror:\n\n"
            for c in differ { t += "- \(md(c.what)) \(c.year): publicerat \(md(c.published)), underlaget ger \(md(c.computed)).\n" }
        }
        return Array(t.utf8)
    }
}
