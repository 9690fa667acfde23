/// Settings of the analysis (SPEC §3.6 `[analysis]`).
public struct AnalysisSettings: Sendable {
    /// The category analysed; nil analyses all spend, with the categories in place of subcategories.
    public var category: String?
    public var categoryName: String { category ?? AnalysisSettings.allCategories }
    /// The name of a run without `--category`.
    public static let allCategories = "Alla kategorier"
    public var years: [Int] = []
    public var yearBy: YearBy = .booking
    /// Direct-award threshold per year, öre.
    public var directAwardThreshold: [Int: Int64] = [:]
    /// A threshold for years not named in `directAwardThreshold`, öre.
    public var directAwardThresholdAllYears: Int64?
    public var invoiceHandlingCost: Int64 = 0
    public var leadTimeMonths: [String: Int] = ["Verksamhetssystem": 24, "IT-hårdvara": 18, "IT-konsulter": 18]
    public var defaultLeadTime = 18
    public init() {}
}

/// Classifies each accepted line, looks up its board and contract, and adds it to its year's figures.
public final class Analyzer {
    public let settings: AnalysisSettings
    public let classifier: Classifier?
    public let contracts: ContractRegister
    public let organisation: OrganisationMap?
    public private(set) var years: [Int: YearFigures] = [:]
    /// Ids of suppliers and cells in the invoice tallies, shared with the analyzers merged into this one.
    public let names: TallyNames
    /// Sees every dated line with its classification, board and contract (the SQLite output).
    public var lineSink: ((InvoiceLine, LineFacts) -> Void)?

    public init(
        settings: AnalysisSettings, classifier: Classifier?, contracts: ContractRegister,
        organisation: OrganisationMap?,
        names: TallyNames = TallyNames()
    ) {
        self.names = names
        self.settings = settings
        self.classifier = classifier
        self.contracts = contracts
        self.organisation = organisation
    }

    /// The category, subcategory and rule of a line: the rule table's, else what the export itself says.
    public func classify(_ l: InvoiceLine) -> Classification {
        if let classifier { return classifier.classify(RuleSubject(l)) }
        if !l.category.isEmpty { return Classification(category: l.category, subcategory: l.subcategory, rule: nil) }
        return Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil)
    }

    public func board(of l: InvoiceLine) -> (name: String, mapped: Bool) {
        board(costCentre: l.costCentre, exportBoard: l.board)
    }

    /// The board of a cost centre, or the export's own board column when there is no organisation map, masked as the
    /// map's names are (a board named with a personnummer is a mistake, but it must not leave memory).
    public func board(costCentre: String, exportBoard: String) -> (name: String, mapped: Bool) {
        guard let organisation else {
            guard !exportBoard.isEmpty else { return (OrganisationMap.unknown, false) }
            return (PersonalData.masked(exportBoard), true)
        }
        return organisation.board(costCentre: costCentre, exportBoard: exportBoard)
    }

    public func add(_ l: InvoiceLine) {
        guard let year = l.year(by: settings.yearBy), let day = l.date else { return }
        let f = facts(l)
        if let lineSink {
            let c = classify(l)
            let k = contracts.covering(
                supplier: f.supplier, name: l.supplierName, day: day, category: c.category, subcategory: c.subcategory)
            lineSink(
                l,
                LineFacts(
                    year: year, supplier: f.supplier, classification: c, board: f.board,
                    contract: k))
        }
        add(
            f, year: year, day: day, amount: l.amount,
            invoice: f.inCategory ? YearFigures.invoiceKey(supplier: f.supplier, l) : nil)
        // the month of the date that decides the year (booking date, or the invoice date with year_by = invoice)
        if f.inCategory {
            years[year]!.recordMonth((settings.yearBy == .invoice ? l.invoiceDate ?? day : day).month, amount: l.amount)
        }
    }

    /// Adds one line given its facts: what the fast path calls for the lines it does not aggregate itself.
    func add(_ f: SubjectFacts, year: Int, day: Day, amount: Int64, invoice: UInt64?) {
        if !f.inCategory {
            years[year, default: YearFigures(names: names)].record(f, amount: amount, off: 0, lines: 1)
            return
        }
        let contract = self.contract(f, day: day)
        let off = contract == nil ? amount : 0
        years[year, default: YearFigures(names: names)].record(f, amount: amount, off: off, lines: 1)
        years[year]!.recordDay(
            day, amount: amount, contract: contract.map { contracts.contracts[$0].id },
            refOutcome: refOutcome(f, day: day))
        years[year]!.invoices.add(
            key: invoice,
            tag: names.tag(supplier: f.supplier, subcategory: f.classification.subcategory, board: f.board))
    }

    /// Combines another analyzer's figures (same settings) into this one.
    public func merge(_ other: Analyzer) {
        for (k, v) in other.years { years[k, default: YearFigures(names: names)].merge(v) }
    }

    /// Moves a worker's figures (same settings, same `names`) into this one and leaves the worker empty: a year
    /// this one lacks is taken whole, so a worker's supplier book is never held twice.
    func absorb(_ worker: Analyzer) {
        guard worker.names === names else { return merge(worker) }
        let theirs = worker.years
        worker.years = [:]
        for (k, v) in theirs {
            if years[k] == nil { years[k] = v } else { years[k]!.merge(v) }
        }
    }

    /// The year's supplier book, taken out to be recorded into and merged back (`merge(year:_:)` takes it whole):
    /// a kernel's flush then neither makes a second book of a million suppliers nor copies one into the other.
    func takeSuppliers(year: Int) -> SupplierBook {
        guard years[year] != nil else { return SupplierBook() }
        defer { years[year]!.suppliers = SupplierBook() }
        return years[year]!.suppliers
    }

    /// The year's figures for its report, leaving here its sums but not its supplier book or invoice tally (the
    /// largest parts, which only the year's own report reads): each is then held once while the report is built.
    func takeSupplierDetail(year: Int) -> YearFigures {
        guard let f = years[year] else { return YearFigures(names: names) }
        years[year]!.suppliers = SupplierBook()
        years[year]!.invoices = InvoiceTally(names: names)
        return f
    }

    /// The years to report: the configured ones, else every year in the data.
    /// The years a report is written for: those asked for that have an accepted line (a year asked for without one
    /// is a warning, and the last run's report of it stays as it was: a dump missing tonight never empties it).
    public var reportYears: [Int] {
        settings.years.isEmpty ? years.keys.sorted() : settings.years.sorted().filter { years[$0] != nil }
    }
}

/// What the analysis decided about one line.
public struct LineFacts: Sendable {
    public var year: Int
    public var supplier: SupplierKey
    public var classification: Classification
    public var board: String
    /// The contract (its index in the register) that covers the line, if any.
    public var contract: Int?
}

extension Analyzer {
    /// An analyzer for another thread: the same settings and tables, its own classifier cache, the same names.
    func worker() -> Analyzer {
        Analyzer(
            settings: settings, classifier: classifier.map { Classifier($0.table) }, contracts: contracts,
            organisation: organisation, names: names)
    }

    /// Adds one year's figures made elsewhere (the fast path's sums).
    func merge(year: Int, _ f: YearFigures) { years[year, default: YearFigures(names: names)].merge(f) }
}
