/// The figures of one year in the order and shape the outputs print them (SPEC §5), derived from `YearFigures`.
public struct YearReport: Sendable {
    public struct Row: Sendable {
        public var name: String; public var amount: Int64; public var share: Ratio
        public var invoices = 0; public var lines = 0; public var offContract: Int64 = 0
    }
    public struct Subcategory: Sendable {
        public var name: String; public var amount: Int64; public var share: Ratio
        public var suppliers: Int; public var invoices: Int; public var lines: Int; public var offContract: Int64
        public var offContractShare: Ratio
        public var largestSupplier: String?
        public var largestSupplierAmount: Int64 = 0
    }
    public struct BoardInSubcategory: Sendable {
        public var subcategory: String; public var board: String; public var amount: Int64; public var share: Ratio
    }
    public struct Supplier: Sendable {
        public var id: String; public var name: String; public var amount: Int64; public var share: Ratio
        public var invoices: Int; public var lines: Int
        /// Its spend is on contract: not zero, and none of it off contract (false without a contract register, and
        /// for a supplier whose spend nets to zero).
        public var onContract: Bool
        public var offContract: Int64
        public var mainSubcategory: String
    }
    public struct DirectAward: Sendable {
        public var supplier: String; public var name: String; public var subcategory: String;
        public var offContract: Int64; public var threshold: Int64
    }
    /// Off-contract spend of one kind of purchase (a subcategory) summed over every supplier: LOU counts the value of
    /// all direct awards of the same kind in the contracting authority, not per supplier.
    public struct DirectAwardKind: Sendable {
        public var subcategory: String; public var offContract: Int64
        /// Suppliers with spend off contract in the subcategory, and the largest of them.
        public var suppliers: Int; public var largestSupplier: String?; public var largestAmount: Int64
        public var threshold: Int64?
        public var flagged: Bool { threshold.map { offContract > $0 } ?? false }
    }
    /// A contract to procure again: its procurement must start `leadMonths` before it ends.
    public struct Expiring: Sendable {
        public var contract: Contract; public var endsOn: Day; public var mustStartBy: Day;
        public var yearlySpend: Int64
        public var leadMonths = 0
        /// The start-by date lies before the last day of the year's data.
        public var past = false
    }
    /// When a framework's ceiling is reached, by the run rate so far, within the contract's life only.
    public enum Reach: Sendable, Equatable {
        case reached
        case projected(Day)
        /// The run rate reaches the ceiling only after the contract (with its extension) has ended.
        case notBeforeEnd
        /// No spend yet to project from.
        case unknown
        public var date: Day? { if case .projected(let d) = self { return d } else { return nil } }
        public var text: String {
            switch self {
            case .reached: return "taket är nått"
            case .projected(let d): return d.description
            case .notBeforeEnd: return "nås inte före avtalets slut"
            case .unknown: return "–"
            }
        }
    }
    public struct Ceiling: Sendable {
        public var contract: Contract; public var spent: Int64; public var share: Ratio; public var endsOn: Day;
        public var reach: Reach
    }
    /// One supplier's spend within one subcategory.
    public struct SubcategorySupplier: Sendable {
        public var subcategory: String; public var id: String; public var name: String; public var amount: Int64;
        public var share: Ratio
        public var offContract: Int64
    }

    public var year: Int
    public var category: String
    /// The ledger's currency, which every amount is in and every output names (`[format] currency`).
    public var currency = Currency.sek
    public var rows: RowCounts
    public var total: Int64
    public var lines: Int
    public var invoices: Int
    public var suppliersWithSpend: Int
    public var subcategories: [Subcategory]
    public var boards: [Row]
    public var boardBySubcategory: [BoardInSubcategory]
    public var buyers: [Row]
    /// Every supplier of the category, largest first (ties by name), made on access.
    public var suppliers: RowList<Supplier>
    /// The same suppliers by invoices, most first (ties by name).
    public var suppliersByInvoices = RowList<Supplier>([])
    public var suppliersFor80: Int
    public var tailSuppliers: Int
    public var tailAmount: Int64
    public var onContract: Int64
    public var offContract: Int64
    public var unclassified: Int64
    public var allSpend: Int64
    public var unclassifiedSuppliers: RowList<(key: SupplierKey, name: String, amount: Int64)>
    public var unclassifiedAccounts: [(account: String, amount: Int64)]
    /// Suppliers with an id whose lines carry many names (`SupplierTotals.manyNamed`), most names first: shown under
    /// the most frequent, which the run's warnings say.
    public var manyNamed: [(id: String, name: String, names: Int)] = []
    public var unmappedCostCentres: [(code: String, amount: Int64)]
    public var contractRefs: [(outcome: ContractRefOutcome, amount: Int64)]
    public var validContracts: Int
    public var expiring: [Expiring]
    public var ceilings: [Ceiling]
    public var directAwards: [DirectAward]
    public var invoiceHandlingCost: Int64
    /// Every category of the year's spend (not the unclassified), largest first; share of all spend.
    public var categories: [Row] = []
    /// The category's spend per month, January first, when every line was booked to its month (else empty).
    public var months: [Int64] = []
    /// Each subcategory's suppliers, subcategories in the order of `subcategories`, suppliers largest first.
    public var subcategorySuppliers = RowList<SubcategorySupplier>([])
    /// Off-contract spend per subcategory summed over suppliers, against the year's direct-award threshold.
    public var directAwardKinds: [DirectAwardKind] = []
    /// The year's direct-award threshold, öre (nil: none configured).
    public var directAwardThreshold: Int64?
    /// The last day of the year's data: the date the re-procurement list is judged at.
    public var asOf: Day?

    public var offContractShare: Ratio { Ratio(offContract, total) }
    /// The category's place among all categories by spend (1 = largest), when it is one of them.
    public var categoryRank: Int? { categories.firstIndex { $0.name == category }.map { $0 + 1 } }
    public var unclassifiedShare: Ratio { Ratio(unclassified, allSpend) }
}
