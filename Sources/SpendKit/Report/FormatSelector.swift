/// The outputs `--format` (and `[output] formats`) select, by the name the user writes: the one table that option
/// checking, the help text and the pipeline read. Each per-year selector writes the `ReportFormat`s of its rows;
/// `sqlite` writes the run's database instead, beside the year folders.
public enum FormatSelector: String, CaseIterable, Sendable {
    case json, csv, md, html, xlsx, sqlite

    /// The per-year formats, in the order they are written, each with the selectors that bring it (the appendix's
    /// pictures come with `md` or `html`).
    static var table: [(selectors: Set<FormatSelector>, formats: [any ReportFormat])] {
        [
            ([.json], [SummaryJSON()]),
            ([.csv], CSVTableFormat.all),
            ([.md], [MarkdownReport(), Bilaga3(), Avstamning()]),
            ([.html], [HTMLReport(), Bilaga3HTML()]),
            ([.md, .html], BildSVG.all),
            ([.xlsx], [XLSXFormat()]),
        ]
    }

    /// The run's database (`spend.sqlite`), not a file per year.
    public var isDatabase: Bool { self == .sqlite }

    /// The per-year formats this selector writes alone; none for the database.
    public var formats: [any ReportFormat] { FormatSelector.formats([self]) }

    /// The per-year formats `selected` writes, each once, in the table's order.
    public static func formats(_ selected: Set<FormatSelector>) -> [any ReportFormat] {
        table.filter { !$0.selectors.isDisjoint(with: selected) }.flatMap(\.formats)
    }

    /// Every name, for help and error texts: `json, csv, md, html, xlsx, sqlite`.
    public static func names(separator: String = ", ") -> String {
        allCases.map(\.rawValue).joined(separator: separator)
    }
}
