/// Avtalstrohet of a category line with a contract reference (SPEC §4): what its reference turned out to be. The raw
/// values are the part format's keys (spend-part/2) and order the reports' rows, as the strings did before.
public enum ContractRefOutcome: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// A contract of the line's supplier, valid on the line's day.
    case ok
    /// A contract of the line's supplier, not valid on the line's day.
    case expired
    /// No contract in the register has that id.
    case unknown
    /// The contract belongs to another supplier.
    case otherSupplier = "other supplier"

    public var description: String { rawValue }

    /// By raw value: the order of the rows in contract_refs.csv since it was first written.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
