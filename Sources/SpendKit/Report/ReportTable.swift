/// One table behind the report, with typed cells, so the CSV writer and the workbook each format it their way.
public struct ReportTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String), int(Int), money(Int64), percent(Ratio), blank
        /// A year: a plain integer, never grouped (`2022`, not `2 022`).
        case year(Int)
        /// A date: ISO text in CSV, a date cell in the workbook.
        case date(Day)
    }
    public var header: [String]
    private var given: [[Cell]] = []
    private var made: RowList<[Cell]>?
    /// The rows: given one by one (`row`), or made when read for a list of every supplier (`init(header:count:row:)`).
    public var rows: RowList<[Cell]> { made ?? RowList(given) }

    public init(header: [String]) { self.header = header }

    /// A table of `count` rows, row `i` made by `row(i)` when a writer reads it: a million suppliers are never
    /// all in memory as cells.
    public init(header: [String], count: Int, row: @escaping @Sendable (Int) -> [Cell]) {
        self.header = header
        made = RowList(count: count, row)
    }

    public mutating func row(_ cells: [Cell]) {
        precondition(made == nil, "rows are made when read")
        given.append(cells)
    }

    /// The table with its amount columns named in the run's currency: `belopp_sek` → `belopp_gbp`.
    func named(in currency: Currency) -> ReportTable {
        guard currency != .sek else { return self }
        var t = self
        t.header = header.map { $0.hasSuffix("_sek") ? String($0.dropLast(3)) + currency.columnSuffix : $0 }
        return t
    }
}
