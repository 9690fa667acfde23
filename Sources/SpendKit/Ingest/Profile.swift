import Foundation
import TOMLKit

/// How one export's header names map to canonical fields, and how its values are spelled (SPEC §3.2).
public struct Profile: Sendable {
    public var name: String
    /// Header alternatives per field, already folded with `foldProfileHeader`.
    public var fields: [Field: [String]]
    /// The first name of each field as the profile writes it, for messages (`Nettobelopp på konteringsrad`, not its
    /// folded `nettobelopp pa konteringsrad`).
    var spelled: [Field: [String]] = [:]
    public var decimal: UInt8 = UInt8(ascii: ",")
    /// Whether the profile says which its decimal is (`[format] decimal`); if not, and it is a comma, `12.500` and
    /// `12,500` are rejected as ambiguous rather than read as 12 500 or 12,50.
    public var decimalGiven = false
    /// Whether a lone dot or comma before three digits is ambiguous in this profile's amounts
    /// (`Amount.Failure.ambiguousDot`, `.ambiguousComma`).
    var separatorIsAmbiguous: Bool { decimal == UInt8(ascii: ",") && !decimalGiven }
    public var dateFormat: DateFormat?
    /// The period of a file with no date column: every line gets its last day.
    public var period: Day?
    public var accountSplit = false
    /// Whether lines repeated across dumps are dropped (`[duplicates] check`).
    public var duplicateCheck = true
    /// The ledger's currency (`[format] currency`): what its amounts are in, and what every output names.
    public var currency = Currency.sek
    /// The line the header stands on (`[format] header_row`); nil: the first of the first 50 lines that fits.
    public var headerRow: Int?
    /// Rows excluded, with their reason, by column values or accounts (`[[exclude]]`).
    public var excludes: [ExcludeRule] = []
    /// What the status column says (`[status]`); nil: Proceedo's `Huvudstatus`.
    public var status: StatusRule?
    /// Which supplier ids are no identity (`[format] supplier_id_ignore`, `supplier_key = "name"`).
    public var supplierIDs = SupplierIDRule()

    public init(name: String, fields: [Field: [String]]) {
        self.name = name
        self.fields = fields.mapValues { $0.map(foldProfileHeader) }
        spelled = fields
    }

    /// Maps each field to its column, or lists what is required and missing (by the header names it looks for).
    /// `folded`: the header's names folded already (`foldProfileHeader`), when several profiles look at one record.
    public func columns(for header: [String], folded: [String]? = nil) -> (map: ColumnMap, missing: [String]) {
        let folded = folded ?? header.map(foldProfileHeader)
        var map = ColumnMap()
        map.header = folded
        for (field, names) in fields {
            for n in names { if let i = folded.firstIndex(of: n) { map[field] = i; break } }
        }
        map.excludeColumns = excludes.map { rule in
            switch rule.target {
            case .field(let f)?: return map[f] ?? -1
            case .column(let names)?: return names.lazy.compactMap { folded.firstIndex(of: $0) }.first ?? -1
            case nil: return -1
            }
        }
        if status != nil { map.customStatus = map[.status] ?? -1 }
        var missing: [String] = []
        if map[.amount] == nil { missing.append(spelled[.amount]?.first ?? "amount") }
        if map[.supplierName] == nil && map[.supplierID] == nil {
            missing.append(spelled[.supplierName]?.first ?? spelled[.supplierID]?.first ?? "supplier_name")
        }
        if period == nil && map[.bookingDate] == nil && map[.invoiceDate] == nil && map[.period] == nil {
            missing.append(spelled[.bookingDate]?.first ?? spelled[.invoiceDate]?.first ?? "booking_date or period")
        }
        return (map, missing)
    }

    /// The fields a profile file names whose column `map` did not find (a typo in `account = "Acount Code"`): each
    /// as `account 'acount code'`. Built-in profiles list optional columns many exports lack, so they have none.
    public func unreadFields(_ map: ColumnMap) -> [String] {
        guard name.hasSuffix(".toml") else { return [] }
        return Field.allCases.compactMap { f in
            guard map[f] == nil, let first = fields[f]?.first else { return nil }
            return "\(f.rawValue) '\(first)'"
        }
    }

    /// A header name that stands twice in `header` where a field of `map` reads it (`Amount` gross, then `Amount` net):
    /// which column the field means cannot be told, so the caller stops rather than take the first. Its columns from 1.
    public func ambiguousColumn(_ map: ColumnMap, header: [String]) -> (name: String, first: Int, second: Int)? {
        let folded = header.map(foldProfileHeader)
        for field in Field.allCases {
            guard let i = map[field], let j = folded.indices.first(where: { $0 != i && folded[$0] == folded[i] })
            else { continue }
            return (header[i].trimmingCharacters(in: .whitespaces), min(i, j) + 1, max(i, j) + 1)
        }
        return nil
    }

    /// Two date columns of other names that a built-in profile both reads as one field (`Booking date` and
    /// `Bokföringsdatum`, the booking date in two languages): which one the field means cannot be told, and taking
    /// the first moved a ledger's spend to another year with exit 0. A built-in profile's other lists are an order
    /// of preference (the open-data format's `kopare` before `kopare_id`, which its files have side by side;
    /// `nettobelopp` before `belopp`), and so is any list a profile file gives (Harrogate's `Supplier Name(T)` beside
    /// `Supplier Name`). The field, and the two columns (names as written, from 1).
    public func rivalColumns(_ map: ColumnMap, header: [String]) -> (field: Field, first: (String, Int), second: (String, Int))? {
        guard !name.hasSuffix(".toml") else { return nil }
        let folded = map.header.count == header.count ? map.header : header.map(foldProfileHeader)
        for field in [Field.bookingDate, .invoiceDate, .period] {
            guard let i = map[field], let names = fields[field] else { continue }
            guard let j = folded.indices.first(where: { folded[$0] != folded[i] && names.contains(folded[$0]) })
            else { continue }
            let (a, b) = (min(i, j), max(i, j))
            return (
                field, (header[a].trimmingCharacters(in: .whitespaces), a + 1),
                (header[b].trimmingCharacters(in: .whitespaces), b + 1)
            )
        }
        return nil
    }

    /// A supplier id as this profile reads it: nil when the profile keys suppliers by name or ignores the id.
    public func supplierID(_ raw: String) -> SupplierID? {
        supplierIDs.ignores(raw) ? nil : SupplierID.parse(raw)
    }

    /// The account and its text as this profile reads them (`account_split`: `74311 IT-tj` is account and text).
    public func account(_ raw: String, text: String) -> (account: String, text: String) {
        guard accountSplit, let sp = raw.firstIndex(of: " "), raw[..<sp].allSatisfy(\.isNumber) else {
            return (raw, text)
        }
        return (String(raw[..<sp]), text.isEmpty ? raw[sp...].trimmingCharacters(in: .whitespaces) : text)
    }

    public static let proceedo = Profile(
        name: "proceedo",
        fields: [
            .invoiceNumber: ["Fakturanummer"], .voucher: ["Verifikationsnummer"], .invoiceDate: ["Fakturadatum"],
            .bookingDate: ["Booking date", "Bokföringsdatum"], .supplierName: ["Leverantör"],
            .supplierID: ["Organisationsnummer"], .costCentre: ["Kst"], .account: ["Konto"], .project: ["Projekt"],
            .object: ["Objekt"], .description: ["Köpet avser"], .amount: ["Nettobelopp på konteringsrad"],
            .currency: ["Valuta"], .contractRef: ["Avtal"], .status: ["Huvudstatus"], .confidential: ["Sekretess"],
        ])

    public static let proaact = Profile(
        name: "proaact",
        fields: [
            .invoiceNumber: ["Fakturanr"], .voucher: ["Verifikation"], .invoiceDate: ["Fakturadatum"],
            .bookingDate: ["Bokföringsdatum"], .supplierName: ["Leverantörsnamn"], .supplierID: ["Org.nr"],
            .buyer: ["Organisation"], .board: ["Förvaltning"], .costCentre: ["Ansvar"], .account: ["Konto"],
            .accountText: ["Kontonamn"], .description: ["Beskrivning"], .amount: ["Belopp SEK"],
            .contractRef: ["Avtal"],
        ])

    public static let leverantorsreskontra = Profile(
        name: "leverantorsreskontra",
        fields: [
            .invoiceNumber: ["fakturanummer"], .voucher: ["verifikationsnummer"],
            .bookingDate: ["bokforingsdatum", "datum"],
            .supplierName: ["leverantor"], .supplierID: ["leverantor_id"],
            .buyer: ["kopare", "kopare_id", "kommun_id"],
            .board: ["forvaltning"], .account: ["konto_nr"], .accountText: ["konto_text"],
            .amount: ["nettobelopp", "belopp"], .contractRef: ["avtal"],
        ])

    public static let builtIn = [proceedo, proaact, leverantorsreskontra]

    /// The profile of `among` (the built-in ones by default) that maps every required field and the most fields in all.
    public static func detect(header: [String], among: [Profile] = builtIn) -> Profile? {
        var best: (Profile, Int)?
        for p in among {
            let (map, missing) = p.columns(for: header)
            guard missing.isEmpty else { continue }
            if best == nil || map.count > best!.1 { best = (p, map.count) }
        }
        return best?.0
    }

    /// A built-in profile by name, or a TOML profile file.
    public static func named(_ name: String, relativeTo base: URL? = nil) throws -> Profile {
        if let p = builtIn.first(where: { $0.name == name.lowercased() }) { return p }
        guard name.hasSuffix(".toml") else { throw IngestError.unknownProfile(name: name) }
        let url = base.map { URL(fileURLWithPath: name, relativeTo: $0) } ?? URL(fileURLWithPath: name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            if !FileManager.default.fileExists(atPath: url.path) { throw IngestError.missingFile(path: name) }
            throw IngestError.unreadable(path: name, reason: "not UTF-8 text")
        }
        return try parseTOML(text, path: name)
    }
}

/// Column index per canonical field for one file's header.
public struct ColumnMap: Sendable {
    private var slots = [Int](repeating: -1, count: Field.allCases.count)
    /// The header the map was made from, folded (`foldProfileHeader`): a row that repeats it is no line.
    var header: [String] = []
    /// The column each of the profile's `excludes` looks at, -1 where it looks at none (or the file lacks it).
    public var excludeColumns: [Int] = []
    /// The status column when the profile has its own `[status]`.
    var customStatus = -1

    /// Columns besides the usual ones whose values decide whether a row counts (exclusions, a custom status): the
    /// fast path keys its subjects by them too, so a row they exclude goes the reference way.
    public var decidingColumns: [Int] { (excludeColumns + [customStatus]).filter { $0 >= 0 } }
    public subscript(_ f: Field) -> Int? {
        get { let v = slots[f.ordinal]; return v < 0 ? nil : v }
        set { slots[f.ordinal] = newValue ?? -1 }
    }

    public var count: Int { slots.filter { $0 >= 0 }.count }

    /// Whether two maps read every field, exclusion and status from the same columns (the header names may differ:
    /// `Supplier ID(T)` and `Supplier ID (T)`, two names of one field).
    func readsAlike(_ o: ColumnMap) -> Bool {
        slots == o.slots && excludeColumns == o.excludeColumns && customStatus == o.customStatus
    }
}
