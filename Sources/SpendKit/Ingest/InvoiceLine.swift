/// Where a line came from: its file (by index into the run's file list) and the physical line it starts on.
public struct SourceRef: Hashable, Sendable {
    public var file: Int32
    public var line: Int32
}

/// One accepted accounting line, normalised: amounts in öre, dates as `Day`, ids normalised.
public struct InvoiceLine: Sendable {
    public var source: SourceRef
    public var invoiceNumber = ""
    public var voucher = ""
    public var invoiceDate: Day?
    public var bookingDate: Day?
    /// The period's last day, for exports without a date column.
    public var periodEnd: Day?
    public var supplierID: SupplierID?
    public var supplierName = ""
    /// For a line without supplier id, the sole trader whose personnummer its name held (the name keeps it masked).
    public var namePerson: SupplierID?
    public var buyer = ""
    public var board = ""
    public var costCentre = ""
    public var account = ""
    public var accountText = ""
    public var project = ""
    public var object = ""
    public var description = ""
    public var amount: Int64 = 0
    public var contractRef = ""
    public var confidential = false
    /// A category or subcategory the export itself carries (custom profiles), used when no rule table is given.
    public var category = ""
    public var subcategory = ""

    public init(source: SourceRef) { self.source = source }

    /// The id the supplier is known by: its own, else the personnummer its name held (nil: known by its name).
    public var identityID: SupplierID? { supplierID ?? namePerson }

    /// The date that decides contract validity: booking date, else invoice date, else the period's last day.
    public var date: Day? { bookingDate ?? invoiceDate ?? periodEnd }

    /// The analysis year (SPEC §3.6 `year_by`).
    public func year(by: YearBy) -> Int? {
        (by == .invoice ? (invoiceDate ?? bookingDate ?? periodEnd) : date)?.year
    }
}

public enum YearBy: String, Sendable { case booking, invoice }
