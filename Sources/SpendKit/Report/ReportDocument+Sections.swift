extension ReportDocument {
    /// Direct-award risk per kind of purchase and per supplier, contracts to procure again, and framework ceilings.
    static func risks(_ r: YearReport) -> [Block] {
        var out: [Block] = [.heading(2, "Risker")]
        out += directAwardKinds(r)
        if r.directAwards.isEmpty {
            out.append(
                .paragraph(
                    r.directAwardThreshold == nil
                        ? ""
                        : "Ingen enskild leverantör har köp utanför avtal över direktupphandlingsgränsen inom en underkategori."
                ))
        } else {
            out.append(
                .table(
                    Table(
                        caption:
                            "Leverantörer med köp utanför avtal över direktupphandlingsgränsen inom en underkategori",
                        columns: ["Leverantör", "Underkategori", "Utanför avtal", "Gräns"], numeric: [2, 3],
                        rows: r.directAwards.map {
                            [
                                $0.name, $0.subcategory, Fmt.kronor($0.offContract, r.currency),
                                Fmt.kronor($0.threshold, r.currency),
                            ]
                        })))
        }
        let asOf = r.asOf.map { " per \($0)" } ?? ""
        if r.expiring.isEmpty {
            out.append(.paragraph("Inget avtal med spend behöver upphandlas på nytt inom ledtiden."))
        } else {
            let past = r.expiring.filter(\.past).count
            if past > 0 {
                out.append(
                    .paragraph(
                        "\(past) av \(r.expiring.count) avtal borde redan ha börjat upphandlas\(asOf) (markerade ”passerat”)."
                    ))
            }
            out.append(
                .table(
                    Table(
                        caption: "Avtal med spend vars upphandling måste starta inom ett år (ledtid före slutdatum)",
                        columns: [
                            "Avtal", "Leverantör", "Underkategori", "Löper ut", "Starta senast", "Status",
                            "Spend \(r.year)",
                        ], numeric: [6],
                        rows: r.expiring.map {
                            [
                                $0.contract.id + " " + $0.contract.name, $0.contract.supplierName,
                                $0.contract.subcategory,
                                $0.endsOn.description, $0.mustStartBy.description, $0.past ? "passerat" : "–",
                                Fmt.kronor($0.yearlySpend, r.currency),
                            ]
                        },
                        nowrap: [3, 4, 5])))
        }
        if !r.ceilings.isEmpty {
            out.append(
                .table(
                    Table(
                        caption: "Avtalstak: förbrukat sedan avtalets start och när taket nås i nuvarande takt",
                        columns: ["Avtal", "Tak", "Förbrukat", "Andel", "Löper ut", "Nås (prognos)"],
                        numeric: [1, 2, 3],
                        rows: r.ceilings.map {
                            [
                                $0.contract.id + " " + $0.contract.name,
                                Fmt.kronor($0.contract.ceiling ?? 0, r.currency), Fmt.kronor($0.spent, r.currency),
                                Fmt.percent($0.share), $0.endsOn.description, $0.reach.text,
                            ]
                        },
                        nowrap: [4])))
        }
        return out.filter { if case .paragraph(let p) = $0 { return !p.isEmpty } else { return true } }
    }

    /// The suppliers that send the most invoices, and the handling cost when one is set.
    static func invoiceBlocks(_ r: YearReport) -> [Block] {
        let bySize = r.suppliersByInvoices.prefix(10)
        guard !bySize.isEmpty else { return [] }
        var out: [Block] = [.heading(2, "Fakturor")]
        var text = "Totalt \(Fmt.antal(r.invoices, "faktura", "fakturor")) och \(Fmt.antal(r.lines, "konteringsrad", "konteringsrader"))."
        if r.invoiceHandlingCost > 0 {
            text +=
                " Med \(Fmt.kronor(r.invoiceHandlingCost, r.currency)) per faktura kostar hanteringen \(Fmt.kronor(Int64(r.invoices) * r.invoiceHandlingCost, r.currency));"
            text += " samlingsfakturor från de leverantörer som skickar flest skulle spara mest."
        }
        out.append(.paragraph(text))
        var columns = ["Leverantör", "Fakturor", "Rader", "Spend"]
        if r.invoiceHandlingCost > 0 { columns.append("Hanteringskostnad") }
        out.append(
            .table(
                Table(
                    caption: "Flest fakturor", columns: columns, numeric: [1, 2, 3, 4],
                    rows: bySize.map { s in
                        var row = [
                            s.name, Fmt.group(Int64(s.invoices)), Fmt.group(Int64(s.lines)),
                            Fmt.kronor(s.amount, r.currency),
                        ]
                        if r.invoiceHandlingCost > 0 {
                            row.append(Fmt.kronor(Int64(s.invoices) * r.invoiceHandlingCost, r.currency))
                        }
                        return row
                    })))
        return out
    }

    /// How every row was accounted for, what stayed unclassified, and cost centres the map lacks.
    static func quality(_ ctx: ReportContext) -> [Block] {
        let r = ctx.report, c = r.rows
        var out: [Block] = [.heading(2, "Underlag och datakvalitet")]
        out.append(
            .paragraph(
                "\(Fmt.group(Int64(c.read))) rader lästa = \(Fmt.group(Int64(c.accepted))) godkända + \(Fmt.group(Int64(c.rejected))) avvisade"
                    + " + \(Fmt.group(Int64(c.excluded))) undantagna + \(Fmt.group(Int64(c.duplicates))) dubbletter (alla filer och år). "
                    + "Oklassificerat \(r.year): \(Fmt.kronor(r.unclassified, r.currency)), \(Fmt.percent(r.unclassifiedShare)) av all spend."
            ))
        if !r.unclassifiedSuppliers.isEmpty {
            out.append(
                .table(
                    Table(
                        caption: "Största oklassificerade leverantörer", columns: ["Leverantör", "Spend"], numeric: [1],
                        rows: r.unclassifiedSuppliers.prefix(10).map { [$0.name, Fmt.kronor($0.amount, r.currency)] })))
        }
        if !r.unmappedCostCentres.isEmpty {
            out.append(
                .table(
                    Table(
                        caption: "Kostnadsställen som saknas i organisationskartan (\(OrganisationMap.unknown))",
                        columns: ["Kostnadsställe", "Spend"], numeric: [1],
                        rows: r.unmappedCostCentres.prefix(20).map { [$0.code, Fmt.kronor($0.amount, r.currency)] })))
        }
        if !ctx.rejects.isEmpty {
            out.append(
                .table(
                    Table(
                        caption: "Avvisade rader (de första 20; alla i rejects.csv)", columns: ["Fil:rad", "Orsak"],
                        numeric: [],
                        rows: ctx.rejects.prefix(20).map {
                            ["\(ctx.paths.show($0.file)):\($0.line)", ctx.paths.reason($0.reason)]
                        })))
        }
        return out
    }
}
