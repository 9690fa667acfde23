/// Section 10.2 of the appendix: leverantörstrohet over the years, where it is weakest, and purchases of one kind
/// off contract above the direct-award threshold.
extension Bilaga3Document {
    /// A change of the off-contract share of at least this many tenths of a percentage point is "markant".
    static let marked: Int64 = 50

    /// The overall share, then the years (empty for one year), then the weakest subcategories and direct-award risk.
    static func loyaltyTexts(_ ctx: ReportContext) -> [String] {
        let r = ctx.report
        var out: [String] = []
        let share = r.offContractShare
        if share.scaled(3) <= 200 && r.total > 0 {
            out.append(
                "Leverantörstroheten, dvs. att verksamheterna köper produkter och tjänster via upphandlade avtal, är god inom kategorin som helhet "
                    + "där endast \(pct(share)) (\(mkr(r.offContract, r.currency))) köptes från ej avtalad och/eller registrerad leverantör år \(r.year)."
            )
        } else {
            out.append(
                "Leverantörstroheten, dvs. att verksamheterna köper produkter och tjänster via upphandlade avtal, är \(pct(Ratio(r.onContract, r.total))) "
                    + "inom kategorin: \(pct(share)) (\(mkr(r.offContract, r.currency))) köptes från ej avtalad och/eller registrerad leverantör år \(r.year)."
            )
        }
        let years = ctx.history + [r]
        if years.count > 1 {
            var t =
                "Andelen köp utanför avtal var "
                + list(years.map { "\(pct($0.offContractShare)) (\(mkr($0.offContract, r.currency))) år \($0.year)" })
                + "."
            // the consecutive years with the largest change of the share
            var best: (from: YearReport, to: YearReport, change: Int64)?
            for (a, b) in zip(years, years.dropFirst()) {
                let change = b.offContractShare.scaled(3) - a.offContractShare.scaled(3)
                if best == nil || abs(change) > abs(best!.change) { best = (a, b, change) }
            }
            if let b = best, b.change != 0 {
                let word = b.change < 0 ? "ökat" : "minskat"
                t +=
                    " Leverantörstroheten har \(word)\(abs(b.change) >= marked ? " markant" : "") mellan \(b.from.year) och \(b.to.year), då andelen köp "
                    + "utanför avtal \(b.change < 0 ? "sjönk" : "steg") från \(pct(b.from.offContractShare)) till \(pct(b.to.offContractShare))."
            }
            out.append(t)
        } else {
            out.append("")
        }
        let weak = r.subcategories.filter { $0.amount > 0 && $0.offContractShare.scaled(3) > 500 }
            .sorted { $0.offContractShare.scaled(6) > $1.offContractShare.scaled(6) }
        if !weak.isEmpty {
            let shares = list(
                weak.map { "\(pct($0.offContractShare)) (\(mkr($0.offContract, r.currency)))" }, last: "respektive")
            out.append(
                "Avtalstroheten kan dock öka mer för \(list(weak.map(\.name))), där det \(r.year) köptes \(shares) "
                    + "utanför avtal, vilket är något som kategorin behöver arbeta med framgent.")
        }
        let flagged = r.directAwardKinds.filter(\.flagged)
        if let threshold = r.directAwardThreshold, !flagged.isEmpty {
            func kind(_ k: YearReport.DirectAwardKind) -> String {
                "\(k.subcategory) (\(mkr(k.offContract, r.currency)) hos \(Fmt.group(Int64(k.suppliers))) \(k.suppliers == 1 ? "leverantör" : "leverantörer"))"
            }
            var t =
                "Direktupphandlingsgränsen, \(Fmt.kronor(threshold, r.currency)) år \(r.year), gäller värdet av alla köp av samma slag i kommunen sammantaget. "
            if flagged.count <= 3 {
                t += "Köpen utanför avtal överstiger den inom \(list(flagged.map(kind)))."
            } else {
                t +=
                    "Köpen utanför avtal överstiger den \(flagged.count == r.subcategories.count ? "i alla \(flagged.count)" : "inom \(flagged.count) av \(r.subcategories.count)") underkategorier, mest inom \(list(flagged.prefix(3).map(kind)))."
            }
            out.append(t)
        }
        return out
    }
}
