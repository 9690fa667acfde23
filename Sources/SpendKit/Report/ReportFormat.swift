/// Everything a formatter may print for one year.
public struct ReportContext: Sendable {
    public var report: YearReport
    /// Earlier years' reports of the same run, for comparisons (figure 7, year-over-year change).
    public var history: [YearReport]
    public var rejects: RowIssues
    /// PENDING and PROCESSING rows: excluded from every figure, listed so nothing goes missing silently.
    public var excluded: RowIssues = []
    /// Lines dropped as repeats of a line in an earlier dump, each naming that line.
    public var duplicates: RowIssues = []
    /// Figures a published document printed, reconciled in the appendix.
    public var published: PublishedFigures?
    /// How file paths are shown (relative to the config file's folder in a run).
    public var paths = PathDisplay.asGiven
}

/// One output file per year; every formatter is a pure function of the context, so output is deterministic.
/// `FormatSelector` says which `--format` name writes it.
public protocol ReportFormat {
    var fileName: String { get }
    func render(_ ctx: ReportContext) -> [UInt8]
    /// The output in pieces, for outputs too long to hold whole (`rejects.csv` of a dump of bad rows).
    func write(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) throws
}

extension ReportFormat {
    public func write(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) throws { try sink(render(ctx)) }
}
