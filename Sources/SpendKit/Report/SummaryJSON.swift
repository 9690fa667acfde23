/// `summary.json` in the SPEC §5 schema: keys in schema order, amounts with two decimals, shares with four.
public struct SummaryJSON: ReportFormat {
    public let fileName = "summary.json"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        var out: [UInt8] = []
        emit(ctx) { out += $0 }
        return out
    }

    /// Written in pieces of about 1 MB: the top list of a ledger of a million small suppliers holds most of them.
    public func write(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) throws { try emit(ctx, to: sink) }

    private func emit(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) rethrows {
        let r = ctx.report
        var o = JSONOut()
        o.open("{")
        o.key("schema", string: "spend-summary/1")
        o.key("category", string: r.category)
        o.key("year", raw: "\(r.year)")
        o.key("currency", string: r.currency.code)
        o.key(
            "rows",
            raw:
                "{\"read\": \(r.rows.read), \"accepted\": \(r.rows.accepted), \"rejected\": \(r.rows.rejected), \"excluded\": \(r.rows.excluded), \"duplicates\": \(r.rows.duplicates)}"
        )
        o.key("total", raw: Fmt.json(r.total))
        o.key("lines", raw: "\(r.lines)")
        o.key("invoices", raw: "\(r.invoices)")
        o.key("suppliers", raw: "\(r.suppliersWithSpend)")
        o.list("subcategories", r.subcategories) {
            "{\"name\": \(JSONOut.quote($0.name)), \"amount\": \(Fmt.json($0.amount)), \"share\": \(Fmt.share($0.share)), \"suppliers\": \($0.suppliers), \"invoices\": \($0.invoices), \"off_contract_share\": \(Fmt.share($0.offContractShare))}"
        }
        o.list("boards", r.boards) {
            "{\"name\": \(JSONOut.quote($0.name)), \"amount\": \(Fmt.json($0.amount)), \"share\": \(Fmt.share($0.share))}"
        }
        o.list("board_by_subcategory", r.boardBySubcategory) {
            "{\"subcategory\": \(JSONOut.quote($0.subcategory)), \"board\": \(JSONOut.quote($0.board)), \"amount\": \(Fmt.json($0.amount)), \"share\": \(Fmt.share($0.share))}"
        }
        try o.list("top_suppliers", r.suppliers.prefix(max(42, r.suppliersFor80)), flush: sink) {
            "{\"id\": \(JSONOut.quote($0.id)), \"name\": \(JSONOut.quote($0.name)), \"amount\": \(Fmt.json($0.amount)), \"share\": \(Fmt.share($0.share)), \"invoices\": \($0.invoices), \"on_contract\": \($0.onContract)}"
        }
        o.key(
            "pareto",
            raw:
                "{\"suppliers_for_80_percent\": \(r.suppliersFor80), \"tail_suppliers\": \(r.tailSuppliers), \"tail_amount\": \(Fmt.json(r.tailAmount))}"
        )
        o.key(
            "loyalty",
            raw:
                "{\"on_contract\": \(Fmt.json(r.onContract)), \"off_contract\": \(Fmt.json(r.offContract)), \"off_contract_share\": \(Fmt.share(r.offContractShare))}"
        )
        o.key(
            "unclassified",
            raw: "{\"amount\": \(Fmt.json(r.unclassified)), \"share_of_all_spend\": \(Fmt.share(r.unclassifiedShare))}")
        o.key("contracts", raw: "{\"valid\": \(r.validContracts), \"expiring_within_lead_time\": \(r.expiring.count)}")
        o.key("risks", raw: "{\"direct_award_flags\": \(r.directAwards.count)}", last: true)
        o.close("}")
        try sink(Array(o.text.utf8))
    }
}

/// A tiny JSON writer that keeps key order and exact number spellings.
struct JSONOut {
    var text = ""
    mutating func open(_ s: String) { text += s + "\n" }
    mutating func close(_ s: String) { text += s + "\n" }
    mutating func key(_ k: String, string v: String, last: Bool = false) { key(k, raw: JSONOut.quote(v), last: last) }
    mutating func key(_ k: String, raw v: String, last: Bool = false) {
        text += "  \(JSONOut.quote(k)): \(v)\(last ? "" : ",")\n"
    }
    mutating func list<T>(_ k: String, _ xs: [T], last: Bool = false, _ item: (T) -> String) {
        list(k, xs, last: last, flush: { _ in }, pieces: false, item)
    }

    /// A list of any length: with `pieces`, what is written so far goes to `flush` each megabyte.
    mutating func list<C: Collection>(
        _ k: String, _ xs: C, last: Bool = false, flush: ([UInt8]) throws -> Void, pieces: Bool = true,
        _ item: (C.Element) -> String
    ) rethrows {
        if xs.isEmpty { key(k, raw: "[]", last: last); return }
        text += "  \(JSONOut.quote(k)): [\n"
        var left = xs.count, pending = 0
        for x in xs {
            left -= 1
            let piece = "    " + item(x) + (left > 0 ? ",\n" : "\n")
            text += piece
            pending += piece.utf8.count
            if pieces && pending >= 1 << 20 {
                try flush(Array(text.utf8))
                text = ""
                pending = 0
            }
        }
        text += "  ]\(last ? "" : ",")\n"
    }

    /// A JSON string of cleaned text (`Fmt.clean`); `< > &` as `\u003c` `\u003e` `\u0026`, so the same string is
    /// inert when the JSON is pasted into HTML.
    static func quote(_ s: String) -> String {
        var c = Fmt.clean(s)
        // Most names need no escape (`clean` has left no line breaks or controls but the tab): copied whole.
        let plain = c.withUTF8 { b in
            !b.contains { $0 == 0x09 || $0 == 0x22 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x5C }
        }
        return plain ? "\"" + c + "\"" : escaped(c)
    }

    /// `quote` a scalar at a time, for cleaned text with something to escape; also a TOML basic string of any text
    /// (TOML reads the same escapes), as a part writes published figures' names (`PublishedFigures.toml`).
    static func escaped(_ cleaned: String) -> String {
        var out = "\""
        for u in cleaned.unicodeScalars {
            switch u {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
