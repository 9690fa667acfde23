/// Masks personnummer written inside free text (a sole trader's name "Anna Ek 790619-7442", a description), so
/// they never reach an output: the last four digits become `****`.
///
/// A personnummer is looked for in the spellings SPEC §3.1 lists for ids — ten or twelve digits, `YYMMDD-NNNN`,
/// `YYYYMMDD-NNNN`, `+` for a centenarian, the VAT form `SE7906197442 01` — and in those its parser also reads: a
/// leading `0`, a spreadsheet's lost leading zero (nine digits, check digit valid), blanks, line breaks, invisible
/// characters, `/`, `.` or any dash between the parts, full-width digits. Dates and article numbers with other shapes stay as written.
public enum PersonalData {
    /// The text with every personnummer-shaped number masked; the text itself when it holds none.
    /// - Complexity: O(n); a text without one (`mayHold`) is returned after one pass.
    public static func masked(_ text: String) -> String {
        guard mayHold(text) else { return text }
        let bytes = Array(text.utf8)
        var hidden: [(at: Int, width: Int)] = []
        bytes.withUnsafeBufferPointer { b in
            _ = numbers(b) { window in
                window.personnummer { s in for k in s + 6..<s + 10 { hidden.append(window.place(of: k)) } }
                return false
            }
            if hidden.isEmpty, let digits = wholeNumber(b) { hidden = digits.suffix(4).map { ($0, 1) } }
        }
        hidden.sort { $0.at < $1.at }
        var out: [UInt8] = [], from = 0
        out.reserveCapacity(bytes.count)
        for h in hidden where h.at >= from {
            out += bytes[from..<h.at]
            out.append(UInt8(ascii: "*"))
            from = h.at + h.width
        }
        out += bytes[from...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `masked` would change the bytes: false means they hold no personnummer in any spelling it masks.
    /// - Complexity: O(n), one pass over the bytes.
    @inline(__always) static func mayHold(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 9 && !fewDigits(b)
            && (numbers(b) { window in
                var found = false
                window.personnummer { _ in found = true }
                return found
            } || wholeNumber(b) != nil)
    }

    /// The places of the digits of a value that is nothing but a personnummer in parts, wherever its blanks, dashes,
    /// dots or underscores fall (`79061974 42`, `790619_7442`, `1979 06 19 7442` as a cost centre, an account or a
    /// buyer): in free text such shapes are mostly a date and a number, but a whole value is one number. Ten digits
    /// that spell a birth date with a valid check digit, or twelve from 19 or 20; nil for anything else, and for a range of codes (two runs
    /// of one length joined by a dash: `190101-190301`).
    static func wholeNumber(_ b: UnsafeBufferPointer<UInt8>) -> [Int]? {
        // first without a byte of memory: most texts that come here (a description with an invoice number) have a
        // letter, and end the look at it
        var count = 0, k = 0
        while k < b.count {
            let x = b[k]
            if x &- 0x30 < 10 { count += 1; k += 1; continue }
            if x == 0x5F { k += 1; continue }
            let next = separators(b, from: k)
            guard next > k else { return nil }
            k = next
        }
        guard count == 10 || count == 12 else { return nil }
        // the digits' places, and whether they are two runs of one length joined by one dash (a range of codes)
        var digits: [Int] = []
        digits.reserveCapacity(count)
        var runs = 0, firstRun = 0, dashJoin = false
        for i in 0..<b.count where b[i] &- 0x30 < 10 {
            if i == 0 || b[i - 1] &- 0x30 >= 10 {
                runs += 1
                if runs == 2 { firstRun = digits.count; dashJoin = b[i - 1] == 0x2D && i >= 2 && b[i - 2] &- 0x30 < 10 }
            }
            digits.append(i)
        }
        if runs == 2 && dashJoin && 2 * firstRun == digits.count { return nil }
        func d(_ k: Int) -> Int { Int(b[digits[k]]) - 0x30 }
        switch digits.count {
        case 10: break
        case 12 where [19, 20].contains(d(0) * 10 + d(1)): digits.removeFirst(2)
        default: return nil
        }
        // with its check digit: in parts like these a phone number (070-123 45 67) or a date and a number read as
        // one too often, and a masked description joins the duplicate key of a line without number or voucher
        guard SupplierID.isBirthDate(month: d(2) * 10 + d(3), day: d(4) * 10 + d(5)),
            SupplierID.luhn((0..<10).map { UInt8(d($0)) })
        else { return nil }
        return digits
    }

    /// Whether `masked` would change the text.
    static func mayHold(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(mayHold)
    }

    /// A supplier name as written out (masked) and the sole trader a personnummer in it names, if any: a supplier
    /// known by such a name is that person (`InvoiceLine.namePerson`), whichever way the line was read.
    static func supplierName(_ raw: String) -> (name: String, person: SupplierID?) {
        let name = masked(raw)
        return (name, name == raw ? nil : person(in: raw))
    }

    /// The first personnummer in the text, as the sole trader `SupplierID` it spells (a supplier known by a name
    /// that holds one is that person, not the name with its digits masked); nil when it holds none.
    static func person(in text: String) -> SupplierID? {
        var text = text, found: SupplierID?
        text.withUTF8 { b in
            _ = numbers(b) { window in
                window.personnummer { s in
                    guard found == nil else { return }
                    found = SupplierID.fromDigits((s..<s + 10).map { UInt8(window.digit($0) + 0x30) })
                }
                return found != nil
            }
        }
        return found
    }

    /// A run of digits: its first byte, its digits and the bytes per digit (1 ASCII, 3 full-width).
    struct Run {
        var start = 0, count = 0, width = 1
    }

    /// Up to four runs of digits that end where the window is tried, oldest first, held in place (no array: this
    /// runs on every text with nine digits or more). A date in parts followed by four digits is masked only when a
    /// dash or `+` joins the four and the check digit holds ("1979-06-19-7442"); "Leverans 2022-03-15 1234 st" is
    /// far more often a date and a number, and stays as written.
    struct Window {
        let b: UnsafeBufferPointer<UInt8>
        var runs = (Run(), Run(), Run(), Run())
        var count = 0

        subscript(i: Int) -> Run {
            switch i {
            case 0: return runs.0
            case 1: return runs.1
            case 2: return runs.2
            default: return runs.3
            }
        }

        var digits: Int { (0..<count).reduce(0) { $0 + self[$1].count } }

        /// `run` after the window's runs, the oldest dropped beyond four.
        mutating func push(_ run: Run) {
            switch count {
            case 0: runs.0 = run
            case 1: runs.1 = run
            case 2: runs.2 = run
            case 3: runs.3 = run
            default: runs = (runs.1, runs.2, runs.3, run)
            }
            count = min(count + 1, 4)
        }

        /// The last `k` runs, oldest first.
        func suffix(_ k: Int) -> Window {
            let d = count - k
            let runs = (self[d], self[min(d + 1, 3)], self[min(d + 2, 3)], self[min(d + 3, 3)])
            return Window(b: b, runs: runs, count: k)
        }

        /// Whether a dash or `+` (any of the dashes `separators` reads) is among the bytes before run `i`.
        func dashBefore(_ i: Int) -> Bool {
            let before = self[i - 1]
            var k = before.start + before.count * before.width
            while k < self[i].start {
                switch b[k] {
                case 0x2D, 0x2B: return true
                case 0xE2 where b[k + 1] == 0x80 && (0x90...0x95).contains(b[k + 2]): return true
                case 0xE2 where b[k + 1] == 0x88 && b[k + 2] == 0x92: return true
                case 0xEF where b[k + 1] == 0xBC && b[k + 2] == 0x8D: return true
                case 0xEF where b[k + 1] == 0xB9 && (b[k + 2] == 0x98 || b[k + 2] == 0xA3): return true
                case 0xC2 where b[k + 1] == 0xAD: return true
                default: k += 1
                }
            }
            return false
        }

        /// The byte place of the window's `k`-th digit.
        func place(of k: Int) -> (at: Int, width: Int) {
            var k = k
            for i in 0..<count {
                let r = self[i]
                if k < r.count { return (r.start + k * r.width, r.width) }
                k -= r.count
            }
            preconditionFailure("digit \(k) beyond the window")
        }

        /// The `k`-th digit's value; 0 before the first (the leading zero a nine-digit spelling lost).
        func digit(_ k: Int) -> Int {
            guard k >= 0 else { return 0 }
            let p = place(of: k)
            return p.width == 1 ? Int(b[p.at]) - 0x30 : Int(b[p.at + 2]) - 0x90
        }

        /// Calls `found` with where the ten digits start (-1: a nine-digit spelling's lost zero) when the window spells
        /// a personnummer; its last four are what is masked.
        func personnummer(_ report: (Int) -> Void) {
            var hit = false
            func found(_ s: Int) { hit = true; report(s) }
            func person(from s: Int) -> Bool {
                SupplierID.isBirthDate(month: digit(s + 2) * 10 + digit(s + 3), day: digit(s + 4) * 10 + digit(s + 5))
            }
            func check(_ s: Int) { if person(from: s) { found(s) } }
            func century(_ s: Int) -> Bool { [19, 20].contains(digit(s) * 10 + digit(s + 1)) }
            func vat(_ s: Int) -> Bool { digit(s) == 0 && digit(s + 1) == 1 }
            let l = (count, self[0].count, count > 1 ? self[1].count : 0, count > 2 ? self[2].count : 0)
            switch l {
            case (1, 10, _, _), (2, 6, 4, _): check(0)
            case (1, 11, _, _), (2, 7, 4, _): if digit(0) == 0 { check(1) }
            case (1, 9, _, _), (2, 5, 4, _):
                // A personnummer of the 2000s whose leading zero a spreadsheet dropped, only with a valid check digit.
                if person(from: -1) && SupplierID.luhn((-1..<9).map { UInt8(digit($0)) }) { found(-1) }
            case (1, 12, _, _), (2, 8, 4, _):
                if century(0) { check(2) }
                if l.0 == 1 && vat(10) { check(0) }
            case (2, 10, 2, _), (3, 6, 4, 2), (2, 6, 6, _): if vat(10) { check(0) }
            case (1, 14, _, _), (2, 12, 2, _), (3, 8, 4, 2), (2, 8, 6, _): if century(0) && vat(12) { check(2) }
            case (4, 2, 2, 2), (4, 4, 2, 2):
                // A date in parts, then a dash and four digits: a personnummer only with its check digit.
                let s = self[0].count - 2
                if self[3].count == 4 && (s == 0 || century(0)) && dashBefore(3) && person(from: s)
                    && SupplierID.luhn((s..<s + 10).map { UInt8(digit($0)) })
                {
                    found(s)
                }
            default: break
            }
            if !hit { split() }
            /// Ten digits (twelve from 19 or 20) cut otherwise than the shapes above read (`6503­121235` with a soft
            /// hyphen, `650312-12⏎35` across a description's lines, `6503/12/1235`, `197906-197442`): a personnummer
            /// when they spell a birth date and its check digit holds. Not a date in parts without a dash before the
            /// last four (`2022 03 15 1234`, `15/03/2022 18`), nor a number whose short first part starts with `0` (a
            /// phone number, `070-123 45 67`): text holds those far more often.
            func split() {
                guard count >= 2, !(self[0].count < 6 && digit(0) == 0) else { return }
                // a date in parts, unless a dash or `+` sets the last four apart (`6503-12-1235`)
                let dated =
                    count >= 3
                    && ([2, 4].contains(self[0].count) && self[1].count == 2 && self[2].count == 2
                        || self[0].count == 2 && self[1].count == 2 && self[2].count == 4)
                guard !dated || self[count - 1].count == 4 && dashBefore(count - 1) else { return }
                let n = digits
                let s = n == 12 && century(0) ? 2 : n == 10 ? 0 : -1
                if s >= 0 && person(from: s) && SupplierID.luhn((s..<s + 10).map { UInt8(digit($0)) }) { found(s) }
            }
        }
    }

    /// Calls `body` with each window of one to four digit runs — joined by at most eight bytes of `separators`
    /// (blanks, line breaks, dashes, `+`, `/`, `.`, invisible characters) — that ends at a run's end; true as soon as
    /// `body` returns true. Text with no such group of nine digits or more (most descriptions, "faktura 800000 rad 1")
    /// is passed over without making a window.
    private static func numbers(_ b: UnsafeBufferPointer<UInt8>, _ body: (Window) -> Bool) -> Bool {
        guard hasNineDigitGroup(b) else { return false }
        let n = b.count
        var ring = Window(b: b)
        var i = 0
        while i < n {
            guard let w = digitWidth(b, i) else { i += 1; continue }
            var run = Run(start: i, count: 0, width: w)
            while i < n, digitWidth(b, i) == w { i += w; run.count += 1 }
            ring.push(run)
            for k in stride(from: ring.count, through: 1, by: -1) {
                let window = ring.suffix(k)
                if (9...14).contains(window.digits), body(window) { return true }
            }
            let next = separators(b, from: i)
            if next - i > 8 || next >= n || digitWidth(b, next) == nil { ring.count = 0 }
            i = next
        }
        return false
    }

    /// Whether the bytes are ASCII with fewer than nine digits (so hold no personnummer), a word at a time: most
    /// invoice numbers and vouchers ("8800001-1"), and most descriptions, are answered here.
    @inline(__always) static func fewDigits(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress, b.count >= 8 else { return false }
        let raw = UnsafeRawPointer(p), n = b.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var digits: UInt64 = 0, i = 0
        // Per byte (all < 0x80): + 0x50 reaches the high bit from 0x30 on, + 0x46 from 0x3A on; no carry crosses.
        @inline(__always) func count(_ w: UInt64) -> UInt64? {
            guard w & high == 0 else { return nil }
            let d = (w &+ 0x5050_5050_5050_5050) & ~(w &+ 0x4646_4646_4646_4646) & high
            return ((d >> 7) &* 0x0101_0101_0101_0101) >> 56
        }
        while i + 8 <= n {
            guard let c = count(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) else { return false }
            digits += c
            i += 8
        }
        if i < n {  // the last word again, less the bytes counted already (little-endian: the low ones)
            guard let c = count(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - i))))
            else { return false }
            digits += c
        }
        return digits < 9
    }

    /// Whether some digits joined by blanks and dashes (`separators`) number nine or more. Eight ASCII bytes without a
    /// digit and with a letter (most of a description) end any group in one step; other bytes one at a time.
    @inline(__always) private static func hasNineDigitGroup(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return false }
        let n = b.count
        var i = 0, group = 0
        // NUL, tab, LF, VT, FF, CR, ' ' '+' '-' '.' '/'
        let blanks: UInt64 =
            1 << 0x00 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0B | 1 << 0x0C | 1 << 0x0D | 1 << 0x20 | 1 << 0x2B | 1 << 0x2D
            | 1 << 0x2E | 1 << 0x2F
        let high: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            if i + 8 <= n {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                // ASCII only, no byte in 0x30...0x39, some byte ≥ 0x40 (each byte + 0x50 / + 0x46 / + 0x40 reaches
                // its high bit exactly when it is ≥ 0x30 / ≥ 0x3A / ≥ 0x40; no carry, as every byte is < 0x80)
                if w & high == 0, (w &+ 0x5050_5050_5050_5050) & ~(w &+ 0x4646_4646_4646_4646) & high == 0,
                    (w &+ 0x4040_4040_4040_4040) & high != 0
                {
                    group = 0
                    i += 8
                    continue
                }
            }
            let x = p[i]
            if x &- 0x30 < 10 {
                group += 1
                if group >= 9 { return true }
                i += 1
            } else if x < 0x80 {
                if x >= 0x40 || blanks >> x & 1 == 0 { group = 0 }
                i += 1
            } else if let w = digitWidth(b, i) {
                group += 1
                if group >= 9 { return true }
                i += w
            } else {
                let next = separators(b, from: i)
                if next == i { group = 0; i += 1 } else { i = next }
            }
        }
        return false
    }

    /// Bytes per digit at `i`: 1 for `0`–`9`, 3 for a full-width digit (U+FF10–FF19); nil for any other byte.
    @inline(__always) private static func digitWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let x = b[i]
        if x &- 0x30 < 10 { return 1 }
        if x == 0xEF, i + 2 < b.count, b[i + 1] == 0xBC, b[i + 2] &- 0x90 < 10 { return 3 }
        return nil
    }

    /// Where the blanks, dashes and invisible characters at `i` end: NUL, tab, LF, VT, FF, CR, NEL, U+2028, U+2029
    /// (line breaks), ` ` `-` `+` `/` `.`, NBSP, the soft hyphen, U+2000–2015 (spaces, zero widths, marks, dashes), U+202F,
    /// U+2060–2064 (word joiner, invisible operators), U+2212, U+3000, U+FE58 and U+FE63 (small dashes), U+FEFF,
    /// full-width `-` and `/`: none of them may keep a number from being seen whole.
    @inline(__always) private static func separators(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var i = i
        while i < b.count {
            switch b[i] {
            case 0x00, 0x09...0x0D, 0x20, 0x2D, 0x2B, 0x2F, 0x2E: i += 1
            case 0xC2 where i + 1 < b.count && (b[i + 1] == 0xA0 || b[i + 1] == 0xAD || b[i + 1] == 0x85): i += 2
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (0x80...0x95).contains(b[i + 2]): i += 3
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (0xA8...0xA9).contains(b[i + 2]): i += 3  // U+2028/9
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0xAF: i += 3
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x81 && (0xA0...0xA4).contains(b[i + 2]): i += 3
            case 0xE2 where i + 2 < b.count && b[i + 1] == 0x88 && b[i + 2] == 0x92: i += 3
            case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80: i += 3
            case 0xEF where i + 2 < b.count && b[i + 1] == 0xBC && (b[i + 2] == 0x8D || b[i + 2] == 0x8F): i += 3
            case 0xEF where i + 2 < b.count && b[i + 1] == 0xB9 && (b[i + 2] == 0x98 || b[i + 2] == 0xA3): i += 3
            case 0xEF where i + 2 < b.count && b[i + 1] == 0xBB && b[i + 2] == 0xBF: i += 3
            default: return i
            }
        }
        return i
    }
}
