import Foundation
import TOMLKit

/// A custom profile file (SPEC §3.2): `[fields]`, `[format]`, `[duplicates]`, `[status]` and `[[exclude]]`; every
/// unknown table or key, and every value of the wrong kind, is an error naming its line.
extension Profile {
    static let formatKeys = [
        "decimal", "date_format", "period", "account_split", "currency", "header_row", "supplier_id_ignore",
        "supplier_key",
    ]

    public static func parseTOML(_ text: String, path: String) throws -> Profile {
        let doc = try TOMLDocument(text: text, path: path) { IngestError.badProfile(path: path, line: $0, message: $1) }
        let table = doc.table
        func lineOf(_ key: String, in section: String? = nil) -> Int { doc.line(of: key, in: section) }
        func bad(_ line: Int, _ m: String) -> IngestError { IngestError.badProfile(path: path, line: line, message: m) }
        var fields: [Field: [String]] = [:]
        var profile = Profile(name: path, fields: [:])
        for key in table.keys.sorted() {
            switch key {
            case "fields":
                guard let t = table[key]?.table else { throw bad(lineOf("fields"), "'fields' must be a table") }
                for k in t.keys.sorted() {
                    guard let f = Field(rawValue: k) else {
                        throw bad(
                            lineOf(k, in: "fields"),
                            "unknown field '\(k)' (known: \(Field.allCases.map(\.rawValue).joined(separator: " ")))")
                    }
                    guard let names = t[k].flatMap(strings), !names.isEmpty else {
                        throw bad(lineOf(k, in: "fields"), "field '\(k)' must name a header, or a list of headers")
                    }
                    fields[f] = names
                }
            case "format":
                guard let t = table[key]?.table else { throw bad(lineOf("format"), "'format' must be a table") }
                for k in t.keys.sorted() { try profile.format(k, t[k]!, error: { bad(lineOf(k, in: "format"), $0) }) }
            case "duplicates":
                guard let t = table[key]?.table else { throw bad(lineOf("duplicates"), "'duplicates' must be a table") }
                for k in t.keys.sorted() {
                    guard k == "check", let b = t[k]?.bool else {
                        throw bad(lineOf(k, in: "duplicates"), "[duplicates] knows only check = true or false")
                    }
                    profile.duplicateCheck = b
                }
            case "status":
                guard let t = table[key]?.table else { throw bad(lineOf("status"), "'status' must be a table") }
                var rule = StatusRule(ok: [], excluded: [])
                for k in t.keys.sorted() {
                    guard k == "ok" || k == "exclude", let values = t[k].flatMap(strings) else {
                        throw bad(
                            lineOf(k, in: "status"),
                            "[status] knows ok = [values that count] and exclude = [values excluded and listed]")
                    }
                    let set = Set(values.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
                    if k == "ok" { rule.ok = set } else { rule.excluded = set }
                }
                guard !rule.ok.isEmpty else {
                    throw bad(lineOf("status"), "[status] needs ok = [the status values that count]")
                }
                profile.status = rule
            case "exclude":
                guard let list = table[key]?.array else {
                    throw bad(lineOf("exclude"), "write each exclusion as an [[exclude]] table")
                }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.element.trimmingCharacters(in: .whitespaces).hasPrefix("[[exclude]]") }.map {
                        $0.offset + 1
                    }
                for i in 0..<list.count {
                    let line = i < lines.count ? lines[i] : 1
                    guard let t = list[i].table else { throw bad(line, "write each exclusion as an [[exclude]] table") }
                    profile.excludes.append(try exclusion(t) { bad(line, "[[exclude]] " + $0) })
                }
            default:
                throw bad(lineOf(key), "unknown table '\(key)' (known: fields format duplicates status exclude)")
            }
        }
        guard !fields.isEmpty else { throw bad(1, "no [fields] table") }
        // Without `decimal`, the currency's own convention: `£5,000` is five thousand pounds, not five.
        if table["format"]?.table?["decimal"] == nil && Currency.decimalPoint.contains(profile.currency.code) {
            profile.decimal = UInt8(ascii: ".")
        }
        profile.fields = fields.mapValues { $0.map(foldProfileHeader) }
        profile.spelled = fields
        return profile
    }

    /// A string, or a list of strings.
    private static func strings(_ v: TOMLValueConvertible) -> [String]? {
        if let s = v.string { return [s] }
        guard let a = v.array else { return nil }
        let list = a.compactMap { $0.string }
        return list.count == a.count ? list : nil
    }

    /// One key of `[format]`.
    private mutating func format(_ k: String, _ v: TOMLValueConvertible, error bad: (String) -> IngestError) throws {
        switch k {
        case "decimal":
            guard let s = v.string, s == "," || s == "." else { throw bad("decimal must be \",\" or \".\"") }
            decimal = s.utf8.first!
            decimalGiven = true
        case "date_format":
            guard let s = v.string, let f = DateFormat(rawValue: s.uppercased()) else {
                throw bad("date_format must be one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dateFormat = f
        case "period":
            guard let s = v.string, let d = DateFormat.parsePeriod(s) else { throw bad("period must be YYYY-MM") }
            period = d
        case "account_split":
            guard let b = v.bool else { throw bad("account_split must be true or false") }
            accountSplit = b
        case "currency":
            guard let s = v.string, let c = Currency(code: s) else {
                throw bad("currency must be a three-letter code such as \"SEK\", \"GBP\" or \"EUR\"")
            }
            currency = c
        case "header_row":
            guard let n = v.int, (1...1000).contains(n) else {
                throw bad("header_row must be the line number of the header, from 1 to 1000")
            }
            headerRow = n
        case "supplier_id_ignore":
            guard let s = v.string, !s.isEmpty, let re = try? NSRegularExpression(pattern: s) else {
                throw bad(
                    "supplier_id_ignore must be a regular expression (ICU syntax) matching the ids that are no identity"
                )
            }
            supplierIDs.ignore = re
            supplierIDs.ignoreSource = s
        case "supplier_key":
            guard let s = v.string, s == "name" || s == "id" else {
                throw bad("supplier_key must be \"id\" (the default: the id, else the name) or \"name\"")
            }
            supplierIDs.byName = s == "name"
        default:
            throw bad("unknown format key '\(k)' (known: \(Profile.formatKeys.joined(separator: " ")))")
        }
    }

    /// One `[[exclude]]` table: `field` or `column` with `values`, and/or `accounts`; a `reason` always.
    private static func exclusion(_ t: TOMLTable, error bad: (String) -> IngestError) throws -> ExcludeRule {
        var rule = ExcludeRule(reason: "")
        for k in t.keys.sorted() {
            let v = t[k]!
            switch k {
            case "field":
                guard let s = v.string, let f = Field(rawValue: s) else {
                    throw bad("field must be one of \(Field.allCases.map(\.rawValue).joined(separator: " "))")
                }
                rule.target = .field(f)
            case "column":
                guard let names = strings(v), !names.isEmpty else {
                    throw bad("column must name a header, or a list of headers")
                }
                rule.target = .column(names.map(foldProfileHeader))
            case "values":
                guard let values = strings(v), !values.isEmpty else {
                    throw bad("values must be a list of the values to exclude")
                }
                rule.values = values.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            case "accounts":
                guard let list = strings(v), !list.isEmpty else {
                    throw bad("accounts must be a list of accounts, ranges or prefixes")
                }
                for a in list.flatMap({ CodeList.parts($0).map(\.text) }) {
                    guard let p = AccountPattern.parse(a) else {
                        throw bad("'\(a)' is not an account, range (2640-2649) or prefix (D9*)")
                    }
                    rule.accounts.append(p)
                }
            case "reason":
                guard let s = v.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw bad("reason must say why the rows are excluded")
                }
                rule.reason = s
            default:
                throw bad("knows field, column, values, accounts and reason, not '\(k)'")
            }
        }
        if rule.reason.isEmpty { throw bad("needs a reason") }
        if (rule.target == nil) != rule.values.isEmpty { throw bad("values and a field or column go together") }
        if rule.target == nil && rule.accounts.isEmpty { throw bad("needs values with a field or column, or accounts") }
        return rule
    }
}
