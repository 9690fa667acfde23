import Foundation
import TOMLKit

/// How one export's header names map to canonical fields, and how its values are spelled (SPEC §3.2).
public struct Profile: Sendable {
    public var name: String
    /// Header alternatives per field, already folded with `foldHeader`.
    public var fields: [Field: [String]]
    public var decimal: UInt8 = UInt8(ascii: ",")
    public var dateFormat: DateFormat?
    /// The period of a file with no date column: every line gets its last day.
    public var period: Day?
    public var accountSplit = false
    /// Whether lines repeated across dumps are dropped (`[duplicates] check`).
    public var duplicateCheck = true

    public init(name: String, fields: [Field: [String]]) {
        self.name = name
        self.fields = fields.mapValues { $0.map(foldHeader) }
    }

    /// Maps each field to its column, or lists what is required and missing.
    public func columns(for header: [String]) -> (map: ColumnMap, missing: [String]) {
        let folded = header.map(foldHeader)
        var map = ColumnMap()
        for (field, names) in fields {
            for n in names { if let i = folded.firstIndex(of: n) { map[field] = i; break } }
        }
        var missing: [String] = []
        if map[.amount] == nil { missing.append(fields[.amount]?.first ?? "amount") }
        if map[.supplierName] == nil && map[.supplierID] == nil {
            missing.append(fields[.supplierName]?.first ?? fields[.supplierID]?.first ?? "supplier_name")
        }
        if period == nil && map[.bookingDate] == nil && map[.invoiceDate] == nil && map[.period] == nil {
            missing.append(fields[.bookingDate]?.first ?? fields[.invoiceDate]?.first ?? "booking_date or period")
        }
        return (map, missing)
    }

    public static let proceedo = Profile(name: "proceedo", fields: [
        .invoiceNumber: ["Fakturanummer"], .voucher: ["Verifikationsnummer"], .invoiceDate: ["Fakturadatum"],
        .bookingDate: ["Booking date", "Bokföringsdatum"], .supplierName: ["Leverantör"],
        .supplierID: ["Organisationsnummer"], .costCentre: ["Kst"], .account: ["Konto"], .project: ["Projekt"],
        .object: ["Objekt"], .description: ["Köpet avser"], .amount: ["Nettobelopp på konteringsrad"],
        .currency: ["Valuta"], .contractRef: ["Avtal"], .status: ["Huvudstatus"], .confidential: ["Sekretess"],
    ])

    public static let proaact = Profile(name: "proaact", fields: [
        .invoiceNumber: ["Fakturanr"], .voucher: ["Verifikation"], .invoiceDate: ["Fakturadatum"],
        .bookingDate: ["Bokföringsdatum"], .supplierName: ["Leverantörsnamn"], .supplierID: ["Org.nr"],
        .buyer: ["Organisation"], .board: ["Förvaltning"], .costCentre: ["Ansvar"], .account: ["Konto"],
        .accountText: ["Kontonamn"], .description: ["Beskrivning"], .amount: ["Belopp SEK"], .contractRef: ["Avtal"],
    ])

    public static let leverantorsreskontra = Profile(name: "leverantorsreskontra", fields: [
        .invoiceNumber: ["fakturanummer"], .voucher: ["verifikationsnummer"], .bookingDate: ["bokforingsdatum", "datum"],
        .supplierName: ["leverantor"], .supplierID: ["leverantor_id"], .buyer: ["kopare", "kopare_id", "kommun_id"],
        .board: ["forvaltning"], .account: ["konto_nr"], .accountText: ["konto_text"],
        .amount: ["nettobelopp", "belopp"], .contractRef: ["avtal"],
    ])

    public static let builtIn = [proceedo, proaact, leverantorsreskontra]

    /// The built-in profile that maps every required field and the most fields in all.
    public static func detect(header: [String]) -> Profile? {
        var best: (Profile, Int)?
        for p in builtIn {
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

    /// Parses a custom profile; every unknown table or key is an error naming its line.
    public static func parseTOML(_ text: String, path: String) throws -> Profile {
        let doc = try TOMLDocument(text: text, path: path) { IngestError.badProfile(path: path, line: $0, message: $1) }
        let table = doc.table
        func lineOf(_ key: String) -> Int { doc.line(of: key) }
        var fields: [Field: [String]] = [:]
        var profile = Profile(name: path, fields: [:])
        for key in table.keys.sorted() {
            switch key {
            case "fields":
                guard let t = table[key]?.table else { throw IngestError.badProfile(path: path, line: lineOf("fields"), message: "'fields' must be a table") }
                for k in t.keys.sorted() {
                    guard let f = Field(rawValue: k) else {
                        throw IngestError.badProfile(path: path, line: lineOf(k), message: "unknown field '\(k)' (known: \(Field.allCases.map(\.rawValue).joined(separator: " ")))")
                    }
                    if let s = t[k]?.string { fields[f] = [s] } else if let a = t[k]?.array {
                        fields[f] = a.compactMap { $0.string }
                    } else {
                        throw IngestError.badProfile(path: path, line: lineOf(k), message: "field '\(k)' must name a header")
                    }
                }
            case "format":
                guard let t = table[key]?.table else { throw IngestError.badProfile(path: path, line: lineOf("format"), message: "'format' must be a table") }
                for k in t.keys.sorted() {
                    let bad = { (m: String) in IngestError.badProfile(path: path, line: lineOf(k), message: m) }
                    switch k {
                    case "decimal":
                        guard let s = t[k]?.string, s == "," || s == "." else { throw bad("decimal must be \",\" or \".\"") }
                        profile.decimal = s.utf8.first!
                    case "date_format":
                        guard let s = t[k]?.string, let f = DateFormat(rawValue: s) else {
                            throw bad("date_format must be one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        profile.dateFormat = f
                    case "period":
                        guard let s = t[k]?.string, let d = DateFormat.parsePeriod(s) else { throw bad("period must be YYYY-MM") }
                        profile.period = d
                    case "account_split":
                        guard let b = t[k]?.bool else { throw bad("account_split must be true or false") }
                        profile.accountSplit = b
                    default:
                        throw bad("unknown format key '\(k)' (known: decimal date_format period account_split)")
                    }
                }
            case "duplicates":
                guard let t = table[key]?.table else { throw IngestError.badProfile(path: path, line: lineOf("duplicates"), message: "'duplicates' must be a table") }
                for k in t.keys.sorted() {
                    guard k == "check", let b = t[k]?.bool else {
                        throw IngestError.badProfile(path: path, line: lineOf(k), message: "[duplicates] knows only check = true or false")
                    }
                    profile.duplicateCheck = b
                }
            default:
                throw IngestError.badProfile(path: path, line: lineOf(key), message: "unknown table '\(key)' (known: fields format duplicates)")
            }
        }
        guard !fields.isEmpty else { throw IngestError.badProfile(path: path, line: 1, message: "no [fields] table") }
        profile.fields = fields.mapValues { $0.map(foldHeader) }
        return profile
    }
}

/// Column index per canonical field for one file's header.
public struct ColumnMap: Sendable {
    private var slots = [Int](repeating: -1, count: Field.allCases.count)
    public subscript(_ f: Field) -> Int? {
        get { let v = slots[f.ordinal]; return v < 0 ? nil : v }
        set { slots[f.ordinal] = newValue ?? -1 }
    }

    public var count: Int { slots.filter { $0 >= 0 }.count }
}
