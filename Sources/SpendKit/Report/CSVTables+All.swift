/// Every table behind the report: one kind of row per table (totals, breakdowns and lists apart, so a column sums to
/// what it should), Swedish headers that the workbook's sheets repeat.
extension CSVTableFormat {
    public static let all: [CSVTableFormat] = [
        CSVTableFormat("subcategories.csv", sheet: "Underkategorier") { ctx in
            var w = ReportTable(header: [
                "underkategori", "belopp_sek", "andel_procent", "leverantörer", "fakturor", "rader", "ej_avtal_sek",
                "ej_avtal_procent", "största_leverantör", "föregående_år_sek", "förändring_procent",
            ])
            let previous = ctx.history.last.flatMap { $0.year == ctx.report.year - 1 ? $0 : nil }  // the year before only
            for s in ctx.report.subcategories {
                let before = previous?.subcategories.first { $0.name == s.name }?.amount
                w.row([
                    t(s.name), kr(s.amount), pct(s.share), n(s.suppliers), n(s.invoices), n(s.lines), kr(s.offContract),
                    pct(s.offContractShare),
                    t(s.largestSupplier ?? ""), before.map(kr) ?? .blank,
                    before.flatMap { $0 > 0 ? pct(Ratio(s.amount - $0, $0)) : nil } ?? .blank,
                ])
            }
            return w
        },
        CSVTableFormat("suppliers.csv", sheet: "Leverantörer") { ctx in
            let r = ctx.report
            // cumulative spend by place, 8 bytes a supplier; each row made when written
            var cum: Int64 = 0
            let cumulative = r.suppliers.map { s -> Int64 in
                cum += s.amount; return cum
            }
            return ReportTable(
                header: [
                    "rang", "leverantör_id", "leverantör", "belopp_sek", "andel_procent", "kumulativ_procent",
                    "fakturor", "rader",
                    "avtal", "ej_avtal_sek", "underkategori",
                ], count: r.suppliers.count
            ) { i in
                let s = r.suppliers[i]
                return [
                    n(i + 1), t(s.id), t(s.name), kr(s.amount), pct(s.share), pct(Ratio(cumulative[i], r.total)),
                    n(s.invoices), n(s.lines),
                    t(s.onContract ? "ja" : "nej"), kr(s.offContract), t(s.mainSubcategory),
                ]
            }
        },
        CSVTableFormat("subcategory_suppliers.csv", sheet: "Leverantörer per underkategori") { ctx in
            let list = ctx.report.subcategorySuppliers
            // rank within the subcategory, 4 bytes a row
            var ranks: [Int32] = [], current = -1
            ranks.reserveCapacity(list.count)
            for i in list.indices {
                if current < 0 || list[i].subcategory != list[current].subcategory { current = i }
                ranks.append(Int32(i - current + 1))
            }
            let rank = ranks
            return ReportTable(
                header: [
                    "underkategori", "rang", "leverantör_id", "leverantör", "belopp_sek", "andel_procent",
                    "ej_avtal_sek",
                ],
                count: list.count
            ) { i in
                let s = list[i]
                return [
                    t(s.subcategory), n(Int(rank[i])), t(s.id), t(s.name), kr(s.amount), pct(s.share),
                    kr(s.offContract),
                ]
            }
        },
        CSVTableFormat("boards.csv", sheet: "Nämnder") { ctx in
            var w = ReportTable(header: ["nämnd", "belopp_sek", "andel_procent", "fakturor", "rader", "ej_avtal_sek"])
            for b in ctx.report.boards {
                w.row([t(b.name), kr(b.amount), pct(b.share), n(b.invoices), n(b.lines), kr(b.offContract)])
            }
            return w
        },
        // andel_procent: the board's share of the subcategory's spend
        CSVTableFormat("board_subcategories.csv", sheet: "Nämnder per underkategori") { ctx in
            var w = ReportTable(header: ["underkategori", "nämnd", "belopp_sek", "andel_procent"])
            for b in ctx.report.boardBySubcategory {
                w.row([t(b.subcategory), t(b.board), kr(b.amount), pct(b.share)])
            }
            return w
        },
        // The buying organisation (kopare / kommun), its own dimension: one run covers every organisation calling
        // off a coordinated framework (seed 003).
        CSVTableFormat("buyers.csv", sheet: "Köpare") { ctx in
            var w = ReportTable(header: ["köpare", "belopp_sek", "andel_procent"])
            for b in ctx.report.buyers { w.row([t(b.name), kr(b.amount), pct(b.share)]) }
            return w
        },
        CSVTableFormat("months.csv", sheet: "Månader") { ctx in
            var w = ReportTable(header: ["år", "månad", "belopp_sek", "andel_procent"])
            for (i, m) in ctx.report.months.enumerated() {
                w.row([.year(ctx.report.year), n(i + 1), kr(m), pct(Ratio(m, ctx.report.total))])
            }
            return w
        },
        // The category's totals per year: the rows other tables' breakdowns add up to.
        CSVTableFormat("years.csv", sheet: "År") { ctx in
            var w = ReportTable(header: [
                "år", "belopp_sek", "avtal_sek", "ej_avtal_sek", "ej_avtal_procent", "leverantörer", "fakturor",
                "rader",
                "förändring_procent",
            ])
            var before: Int64?
            for r in ctx.history + [ctx.report] {
                w.row([
                    .year(r.year), kr(r.total), kr(r.onContract), kr(r.offContract), pct(r.offContractShare),
                    n(r.suppliersWithSpend),
                    n(r.invoices), n(r.lines), before.flatMap { $0 > 0 ? pct(Ratio(r.total - $0, $0)) : nil } ?? .blank,
                ])
                before = r.total
            }
            return w
        },
        CSVTableFormat("loyalty.csv", sheet: "Leverantörstrohet") { ctx in
            var w = ReportTable(header: [
                "år", "underkategori", "belopp_sek", "avtal_sek", "ej_avtal_sek", "ej_avtal_procent",
            ])
            for r in ctx.history + [ctx.report] {
                for s in r.subcategories {
                    w.row([
                        .year(r.year), t(s.name), kr(s.amount), kr(s.amount - s.offContract), kr(s.offContract),
                        pct(s.offContractShare),
                    ])
                }
            }
            return w
        },
        // Avtalstrohet: lines carrying a contract reference, by what the reference turned out to be.
        CSVTableFormat("contract_refs.csv", sheet: "Avtalsreferenser") { ctx in
            var w = ReportTable(header: ["avtalsreferens", "belopp_sek"])
            for (outcome, amount) in ctx.report.contractRefs { w.row([t(referenceText(outcome)), kr(amount)]) }
            return w
        },
        CSVTableFormat("invoices.csv", sheet: "Fakturor") { ctx in
            let r = ctx.report
            return ReportTable(
                header: ["leverantör_id", "leverantör", "fakturor", "rader", "belopp_sek", "hanteringskostnad_sek"],
                count: r.suppliersByInvoices.count
            ) { i in
                let s = r.suppliersByInvoices[i]
                return [
                    t(s.id), t(s.name), n(s.invoices), n(s.lines), kr(s.amount),
                    kr(Int64(s.invoices) * r.invoiceHandlingCost),
                ]
            }
        },
        // Direct-award risk per supplier and subcategory (SPEC §4).
        CSVTableFormat("risks.csv", sheet: "Direktupphandling leverantör") { ctx in
            var w = ReportTable(header: ["leverantör_id", "leverantör", "underkategori", "ej_avtal_sek", "gräns_sek"])
            for d in ctx.report.directAwards {
                w.row([t(d.supplier), t(d.name), t(d.subcategory), kr(d.offContract), kr(d.threshold)])
            }
            return w
        },
        // Direct-award risk per kind of purchase: off-contract spend of a subcategory summed over every supplier.
        CSVTableFormat("direct_award_kinds.csv", sheet: "Direktupphandling samma slag") { ctx in
            var w = ReportTable(header: [
                "underkategori", "ej_avtal_sek", "leverantörer_utan_avtal", "största_leverantör_utan_avtal",
                "dess_ej_avtal_sek", "gräns_sek", "över_gränsen",
            ])
            for k in ctx.report.directAwardKinds {
                w.row([
                    t(k.subcategory), kr(k.offContract), n(k.suppliers), t(k.largestSupplier ?? ""),
                    kr(k.largestAmount),
                    k.threshold.map(kr) ?? .blank, k.threshold == nil ? .blank : t(k.flagged ? "ja" : "nej"),
                ])
            }
            return w
        },
        CSVTableFormat("reprocurement.csv", sheet: "Upphandlas") { ctx in
            var w = ReportTable(header: [
                "avtal_id", "avtal", "leverantör", "underkategori", "löper_ut", "ledtid_månader", "starta_senast",
                "passerat",
                "belopp_sek",
            ])
            for e in ctx.report.expiring {
                w.row([
                    t(e.contract.id), t(e.contract.name), t(e.contract.supplierName), t(e.contract.subcategory),
                    .date(e.endsOn), n(e.leadMonths),
                    .date(e.mustStartBy), t(e.past ? "ja" : "nej"), kr(e.yearlySpend),
                ])
            }
            return w
        },
        CSVTableFormat("ceilings.csv", sheet: "Avtalstak") { ctx in
            var w = ReportTable(header: [
                "avtal_id", "avtal", "underkategori", "tak_sek", "förbrukat_sek", "andel_procent", "löper_ut",
                "prognos_datum",
                "prognos",
            ])
            for c in ctx.report.ceilings {
                w.row([
                    t(c.contract.id), t(c.contract.name), t(c.contract.subcategory), kr(c.contract.ceiling ?? 0),
                    kr(c.spent), pct(c.share),
                    .date(c.endsOn), c.reach.date.map { .date($0) } ?? .blank, t(c.reach.text),
                ])
            }
            return w
        },
        issueTable("rejects.csv", sheet: "Avvisade rader") { $0.rejects },
        issueTable("excluded.csv", sheet: "Undantagna rader") { $0.excluded },
        issueTable("duplicates.csv", sheet: "Dubbletter") { $0.duplicates },
        // every unclassified supplier and account, so each column sums to the unclassified spend; rows made when written
        CSVTableFormat("unclassified.csv", sheet: "Oklassificerat leverantörer") { ctx in
            let list = ctx.report.unclassifiedSuppliers, all = ctx.report.allSpend
            return ReportTable(
                header: ["leverantör_id", "leverantör", "belopp_sek", "andel_av_all_spend_procent"], count: list.count
            ) { i in
                let s = list[i]
                return [t(s.key.display), t(s.name), kr(s.amount), pct(Ratio(s.amount, all))]
            }
        },
        CSVTableFormat("unclassified_accounts.csv", sheet: "Oklassificerat konton") { ctx in
            let list = ctx.report.unclassifiedAccounts, all = ctx.report.allSpend
            return ReportTable(header: ["konto", "belopp_sek", "andel_av_all_spend_procent"], count: list.count) { i in
                [t(list[i].account), kr(list[i].amount), pct(Ratio(list[i].amount, all))]
            }
        },
    ]

    /// What a line's contract reference turned out to be, in Swedish.
    static func referenceText(_ outcome: ContractRefOutcome) -> String {
        switch outcome {
        case .ok: return "giltigt avtal"
        case .expired: return "avtalet har upphört"
        case .unknown: return "okänt avtal"
        case .otherSupplier: return "annan leverantörs avtal"
        }
    }
}
