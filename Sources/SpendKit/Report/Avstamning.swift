/// `avstamning.md`: the published figures (`published` in spend.toml) next to what the data gives, kept apart from
/// the appendix so that `bilaga3.md` can be pasted as it is; without published figures it says there are none.
public struct Avstamning: ReportFormat {
    public let fileName = "avstamning.md"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let r = ctx.report
        let md = Fmt.markdown
        var t = "# Avstämning mot publicerade siffror, \(md(r.category)) \(r.year)\n\n"
        guard let published = ctx.published else {
            t += "Inga publicerade siffror är angivna (`published` i spend.toml).\n"
            return Array(t.utf8)
        }
        let checks = published.reconcile(ctx.history + [r])
        let differ = checks.filter { !$0.agrees }
        t +=
            "Jämfört med \(md(published.source)): \(checks.count - differ.count) av \(checks.count) siffror stämmer med underlaget. "
        t +=
            "En siffra stämmer när den skiljer sig från underlaget med mindre än en enhet i sin sista tryckta siffra (”30 %” för 30,7 %). "
        t += "Bilaga 3 (bilaga3.md) anger underlagets siffror.\n"
        if !differ.isEmpty {
            t += "\n## Siffror som skiljer sig\n\n"
            for c in differ {
                t +=
                    c.computed == PublishedFigures.missing
                    ? "- \(md(c.what)) \(c.year): publicerat \(md(c.published)), men underlaget har inget med det namnet.\n"
                    : "- \(md(c.what)) \(c.year): publicerat \(md(c.published)), underlaget ger \(md(c.computed)).\n"
            }
        }
        let unmatched = published.years(without: (ctx.history + [r]).map(\.year)).filter { $0 < r.year }
        if !unmatched.isEmpty {
            t +=
                "\nPublicerade siffror för \(unmatched.map(String.init).joined(separator: ", ")) jämförs inte: körningen har "
                + "ingen rapport för \(unmatched.count == 1 ? "det året" : "de åren").\n"
        }
        t += "\n## Alla publicerade siffror\n"
        t += MarkdownReport.table(
            ReportDocument.Table(
                caption: "", columns: ["Uppgift", "År", "Publicerat", "Underlaget", "Stämmer"], numeric: [2, 3],
                rows: checks.map { [$0.what, String($0.year), $0.published, $0.computed, $0.agrees ? "ja" : "nej"] }))
        return Array(t.utf8)
    }
}
