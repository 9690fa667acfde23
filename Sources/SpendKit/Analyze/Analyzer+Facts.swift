/// What the analysis of a line depends on besides its amount, day and invoice: the same for every line with the
/// same supplier, texts, account, cost centre and contract reference, so the fast path works it out once for each.
public struct SubjectFacts: Sendable {
    /// The classification, with the category in place of the subcategory when all spend is analysed.
    public var classification: Classification
    public var category: String { classification.category }
    /// In the chosen category (always, when all spend is analysed).
    public var inCategory: Bool
    /// Counted in coverage (the unclassified figures): outside the chosen category, or all spend analysed.
    public var coverage: Bool
    public var supplier: SupplierKey
    public var name: String
    public var account: String
    public var costCentre: String
    public var buyer: String
    public var board: String
    public var mapped: Bool
    /// Contracts that cover the line when its day is within theirs, in register order.
    public var candidates: [Int]
    public var reference: ContractReference
}

/// What a line's own contract reference (Avtal column) says, before its day is known.
public enum ContractReference: Sendable, Equatable {
    case none, unknown, otherSupplier
    /// A contract of this supplier: `.ok` or `.expired` by the line's day.
    case check(Int)
}

extension Analyzer {
    /// The facts of a line's subject (SPEC §4): classification, supplier, board, candidate contracts.
    public func facts(_ l: InvoiceLine) -> SubjectFacts {
        var f = facts(
            classify(l), supplier: SupplierKey.of(l.identityID, name: l.supplierName), name: l.supplierName,
            account: l.account, contractRef: l.contractRef)
        let (board, mapped) = board(of: l)
        f.costCentre = l.costCentre; f.buyer = l.buyer; f.board = board; f.mapped = mapped
        return f
    }

    /// The facts of a subject from its parts, without its place (cost centre, buyer, board), which the fast path
    /// works out apart.
    func facts(_ c: Classification, supplier: SupplierKey, name: String, account: String, contractRef: String)
        -> SubjectFacts
    {
        let (c, inCategory, coverage) = reported(c)
        return SubjectFacts(
            classification: c, inCategory: inCategory, coverage: coverage, supplier: supplier,
            name: name, account: account, costCentre: "", buyer: "", board: "", mapped: false,
            candidates: inCategory
                ? contracts.candidates(supplier: supplier, name: name, category: c.category, subcategory: c.subcategory)
                : [],
            reference: inCategory ? reference(contractRef, supplier: supplier, name: name) : .none)
    }

    /// A classification as the figures report it (the category in place of the subcategory when all spend is
    /// analysed), whether it is in the chosen category, and whether it counts in coverage.
    func reported(_ c: Classification) -> (Classification, inCategory: Bool, coverage: Bool) {
        var c = c
        let all = settings.category == nil
        if all { c.subcategory = c.category }
        let inCategory = all || c.category == settings.category
        return (c, inCategory, all || !inCategory)
    }

    /// What a category line's contract reference says of its supplier's contracts.
    func reference(_ contractRef: String, supplier: SupplierKey, name: String) -> ContractReference {
        guard !contractRef.isEmpty else { return .none }
        guard let i = contracts.contract(id: contractRef) else { return .unknown }
        return contracts.names(i, supplier: supplier, name: name) ? .check(i) : .otherSupplier
    }

    /// The first candidate contract valid on `day`.
    @inline(__always) func contract(_ f: SubjectFacts, day: Day) -> Int? {
        for i in f.candidates where contracts.contracts[i].from <= day && day <= contracts.contracts[i].to { return i }
        return nil
    }

    /// Avtalstrohet of a line with a contract reference; nil without one.
    func refOutcome(_ f: SubjectFacts, day: Day) -> ContractRefOutcome? {
        switch f.reference {
        case .none: return nil
        case .unknown: return .unknown
        case .otherSupplier: return .otherSupplier
        case .check(let i):
            return contracts.contracts[i].from <= day && day <= contracts.contracts[i].to ? .ok : .expired
        }
    }
}
