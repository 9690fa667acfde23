/// The canonical invoice fields that a profile maps to header names (SPEC §3.2), named as in a profile's `[fields]`.
public enum Field: String, CaseIterable, Sendable, Hashable {
    case invoiceNumber = "invoice_number", voucher, invoiceDate = "invoice_date", bookingDate = "booking_date", period
    case supplierName = "supplier_name", supplierID = "supplier_id", buyer, board, costCentre = "cost_centre"
    case account, accountText = "account_text", project, object, description, amount, currency
    case contractRef = "contract_ref", status, confidential, category, subcategory

    /// The case's position in `allCases`, without a lookup: a field-less enum is stored as its case index.
    @inline(__always) var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}

/// Header names compared the way analysts expect: case, surrounding blanks and å/a ä/a ö/o do not matter.
public func foldHeader(_ s: String) -> String {
    var out = ""
    for ch in s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        switch ch {
        case "å", "ä", "à", "á", "â": out.append("a")
        case "ö", "ø", "ó", "ô": out.append("o")
        case "é", "è", "ê": out.append("e")
        case "ü": out.append("u")
        default: out.append(ch)
        }
    }
    return out
}

/// Header names as a profile compares them: as `foldHeader`, and `_` the same as a blank, runs of blanks as one
/// (`paid_date` matches `Paid  Date `).
public func foldProfileHeader(_ s: String) -> String {
    collapseBlanks(foldHeader(s).replacingOccurrences(of: "_", with: " "))
}
