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
    public struct BoardInSubcategory: Sendable { public var subcategory: String; public var board: String; public var amount: Int64; public var share: Ratio }
    public struct Supplier: Sendable {
        public var id: String; public var name: String; public var amount: Int64; public var share: Ratio
        public var invoices: Int; public var lines: Int; public var onContract: Bool; public var offContract: Int64
        public var mainSubcategory: String
    }
    public struct DirectAward: Sendable { public var supplier: String; public var name: String; public var subcategory: String; public var offContract: Int64; public var threshold: Int64 }
    public struct Expiring: Sendable { public var contract: Contract; public var endsOn: Day; public var mustStartBy: Day; public var yearlySpend: Int64 }
    public struct Ceiling: Sendable { public var contract: Contract; public var spent: Int64; public var share: Ratio; public var projectedReach: Day? }

    public var year: Int
    public var category: String
    public var rows: RowCounts
    public var total: Int64
    public var lines: Int
    public var invoices: Int
    public var suppliersWithSpend: Int
    public var subcategories: [Subcategory]
    public var boards: [Row]
    public var boardBySubcategory: [BoardInSubcategory]
    public var buyers: [Row]
    public var suppliers: [Supplier]
    public var suppliersFor80: Int
    public var tailSuppliers: Int
    public var tailAmount: Int64
    public var onContract: Int64
    public var offContract: Int64
    public var unclassified: Int64
    public var allSpend: Int64
    public var unclassifiedSuppliers: [(key: String, name: String, amount: Int64)]
    public var unclassifiedAccounts: [(account: String, amount: Int64)]
    public var unmappedCostCentres: [(code: String, amount: Int64)]
    public var contractRefs: [(outcome: String, amount: Int64)]
    public var validContracts: Int
    public var expiring: [Expiring]
    public var ceilings: [Ceiling]
    public var directAwards: [DirectAward]
    public var invoiceHandlingCost: Int64

    public var offContractShare: Ratio { Ratio(offContract, total) }
    public var unclassifiedShare: Ratio { Ratio(unclassified, allSpend) }
}

/// An exact fraction, printed rounded (half away from zero) only at the edges.
public struct Ratio: Sendable, Comparable {
    public var num: Int64
    public var den: Int64
    public init(_ n: Int64, _ d: Int64) { num = n; den = d }

    /// Rounded to `decimals` places as a scaled integer (e.g. 0.14203 → 1420 for 4).
    public func scaled(_ decimals: Int) -> Int64 {
        guard den != 0 else { return 0 }
        let p = pow10(decimals)
        let n = num.multipliedReportingOverflow(by: p * 2)
        if n.overflow { return Int64((Double(num) / Double(den) * Double(p)).rounded()) }
        let q = n.partialValue / den
        let sign: Int64 = (q < 0) ? -1 : 1
        return (q + sign) / 2
    }

    public static func < (a: Ratio, b: Ratio) -> Bool {
        Double(a.num) / Double(max(a.den, 1)) < Double(b.num) / Double(max(b.den, 1))
    }
}

/// 10^n as Int64.
func pow10(_ n: Int) -> Int64 {
    var p: Int64 = 1
    for _ in 0..<n { p *= 10 }
    return p
}
