/// The canonical invoice fields that a profile maps to header names (SPEC §3.2), named as in a profile's `[fields]`.
public enum Field: String, CaseIterable, Sendable, Hashable {
    case invoiceNumber = "invoice_number", voucher, invoiceDate = "invoice_date", bookingDate = "booking_date", period
    case supplierName = "supplier_name", supplierID = "supplier_id", buyer, board, costCentre = "cost_centre"
    case account, accountText = "account_text", project, object, description, amount, currency
    case contractRef = "contract_ref", status, confidential, category, subcategory

    /// The case's position in `allCases`, without a lookup: a field-less enum is stored as its case index.
    @inline(__always) var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// What a field is to the figures, declared once for `RowNormaliser` and the fast path's kernel, which keys a
    /// line's first part by the `subject` fields' columns and its place by the `place` ones: a new field does not
    /// build until it has a role here.
    enum Role {
        /// The line's facts depend on it (supplier, classification, contract reference, currency): part of the subject.
        case subject
        /// Where the line was bought.
        case place
        /// Free text a rule may read, line by line.
        case text
        /// The line's own values (amount, dates, numbers, status, flags), read per line.
        case own
    }

    var role: Role {
        switch self {
        case .supplierID, .supplierName, .account, .accountText, .contractRef, .currency, .category, .subcategory:
            .subject
        case .costCentre, .board, .buyer: .place
        case .description: .text
        case .invoiceNumber, .voucher, .invoiceDate, .bookingDate, .period, .project, .object, .amount, .status,
            .confidential:
            .own
        }
    }

    /// The fields of a role, in `allCases` order.
    static func with(_ role: Role) -> [Field] { allCases.filter { $0.role == role } }
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
    // A name of printable ASCII without blank or `_` (most, and every field of a wide preamble line) needs only its
    // capitals lowered: Foundation's trimming and replacing cost microseconds a name.
    if s.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x5F }) {
        return s.utf8.contains(where: { $0 &- 0x41 < 26 })
            ? String(decoding: s.utf8.map { $0 &- 0x41 < 26 ? $0 + 0x20 : $0 }, as: UTF8.self) : s
    }
    return collapseBlanks(foldHeader(s).replacingOccurrences(of: "_", with: " "))
}

/// `s.trimmingCharacters(in: .whitespaces)`, without Foundation when neither end is a blank or beyond ASCII (most
/// cells of a header or a table).
func trimmedBlanks(_ s: String) -> String {
    guard let first = s.utf8.first, let last = s.utf8.last else { return s }
    if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return s }
    return s.trimmingCharacters(in: .whitespaces)
}
