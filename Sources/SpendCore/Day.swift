/// A calendar date as `yyyymmdd` in one Int32: cheap to compare, sort and bucket by year.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    /// The years a `Day` can be in.
    @inlinable public static var years: ClosedRange<Int> { 1900...2199 }

    @inlinable public init?(year: Int, month: Int, day: Int) {
        guard Day.years.contains(year), (1...12).contains(month), day >= 1,
            day <= Day.daysIn(year: year, month: month)
        else { return nil }
        value = Int32(year * 10000 + month * 100 + day)
    }

    /// A day whose `yyyymmdd` value the caller has checked (`DateFormat.iso`).
    @usableFromInline init(checked value: Int32) { self.value = value }

    @inlinable public var year: Int { Int(value / 10000) }
    @inlinable public var month: Int { Int(value / 100 % 100) }
    @inlinable public var day: Int { Int(value % 100) }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.value < b.value }

    public var description: String {
        let m = month, d = day
        return "\(year)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    @inlinable public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Last day of a month, the date of a line that only has a period.
    public static func endOfMonth(year: Int, month: Int) -> Day? {
        guard (1...12).contains(month) else { return nil }
        return Day(year: year, month: month, day: daysIn(year: year, month: month))
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for run-rate projections.
    public var ordinal: Int {
        var y = year, m = month
        if m <= 2 { y -= 1; m += 12 }
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * (m - 3) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init?(ordinal z0: Int) {
        let z = z0 + 719468
        let era = z / 146097, doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}

/// Date spellings of SPEC §3.1; day-first formats only when a profile names them. A time of day after the date
/// (` hh:mm`, ` hh:mm:ss`, `Thh:mm:ss.fff`) is checked and ignored in every format.
public enum DateFormat: String, Sendable, CaseIterable {
    case iso = "YYYY-MM-DD", compact = "YYYYMMDD", dmySlash = "DD/MM/YYYY", dmyDot = "DD.MM.YYYY"
    /// `01-JUN-2012`, `1 Jun 2012`, `01-jun-12`: English or Swedish month abbreviations; a two-digit year is 20YY up
    /// to 68 and 19YY from 69, as POSIX `strptime`'s `%y` reads it (`01-APR-99` is 1999, not 2099).
    case dayMonthName = "DD-MON-YYYY"
    /// `1/6/2012`, `01/06/2012`: day and month of one or two digits.
    case dmyShort = "D/M/YYYY"
    case ymdSlash = "YYYY/MM/DD"
    /// Excel's serial day numbers (`41061` is 2012-06-01, a fraction is the time of day); ISO dates read too.
    case excel = "EXCEL"

    /// The day `YYYY-MM-DD` spells in exactly the ten bytes at `p`, as `parse` reads them; nil for anything else,
    /// which `parse` then decides. Inlined into the hot loop: one date per column and line.
    #if _endian(big)
        #error("DateFormat.iso reads its words little-endian")
    #endif
    @inlinable @inline(__always) public static func iso(_ p: UnsafePointer<UInt8>) -> Day? {
        // Eight bytes and two, each digit's byte xor '0' and each dash's xor '-': digits must give 0...9, dashes 0.
        // A byte of 10 or more sets its top bit, by itself or after adding 0x76; a carry only comes from such a byte.
        let x = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) ^ 0x2D30_302D_3030_3030
        let z = UInt64(UnsafeRawPointer(p).loadUnaligned(fromByteOffset: 8, as: UInt16.self) ^ 0x3030)
        guard ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080 == 0, x & 0xFF00_00FF_0000_0000 == 0,
            ((z &+ 0x7676) | z) & 0x8080 == 0
        else { return nil }
        @inline(__always) func digit(_ w: UInt64, _ i: UInt64) -> Int { Int(truncatingIfNeeded: (w &>> (8 &* i)) & 0xFF) }
        let y = digit(x, 0) &* 1000 &+ digit(x, 1) &* 100 &+ digit(x, 2) &* 10 &+ digit(x, 3)
        let m = digit(x, 5) &* 10 &+ digit(x, 6), d = digit(z, 0) &* 10 &+ digit(z, 1)
        guard Day.years.contains(y), m >= 1, m <= 12, d >= 1, d <= 28 || d <= Day.daysIn(year: y, month: m) else {
            return nil
        }
        return Day(checked: Int32(truncatingIfNeeded: y &* 10000 &+ m &* 100 &+ d))
    }

    /// Whether `format` reads `YYYY-MM-DD` as `iso` does (the formats that fall back on it included).
    @inlinable public static func readsISO(_ format: DateFormat?) -> Bool {
        switch format {
        case nil, .iso?, .compact?, .excel?: return true
        default: return false
        }
    }

    /// Parses a date; `nil` format accepts `YYYY-MM-DD`, `YYYYMMDD` and `YYYY-MM-DD hh:mm[:ss]`.
    public static func parse(_ s: UnsafeBufferPointer<UInt8>, format: DateFormat? = nil) -> Day? {
        var lo = 0, hi = s.count
        while lo < hi && s[lo] == 0x20 { lo += 1 }
        while hi > lo && s[hi - 1] == 0x20 { hi -= 1 }
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= hi else { return nil }
            var v = 0
            for k in a..<(a + n) {
                let c = s[k]; guard c >= 0x30 && c <= 0x39 else { return nil }; v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        /// Digits from `a` (one to `most`), their value and where they end.
        func digits(_ a: Int, most: Int) -> (Int, Int)? {
            var v = 0, k = a
            while k < hi && k - a < most, s[k] >= 0x30 && s[k] <= 0x39 { v = v * 10 + Int(s[k] - 0x30); k += 1 }
            return k > a ? (v, k) : nil
        }
        /// Whether `s[at..<hi]` is nothing or a time of day.
        func timeOrEnd(_ at: Int) -> Bool { at == hi || isTime(s, at, hi) }
        switch format {
        case .dmySlash?, .dmyDot?:
            let sep = format == .dmySlash ? UInt8(ascii: "/") : UInt8(ascii: ".")
            guard hi - lo >= 10, s[lo + 2] == sep, s[lo + 5] == sep, let d = num(lo, 2), let m = num(lo + 3, 2),
                let y = num(lo + 6, 4),
                timeOrEnd(lo + 10)
            else { return nil }
            return Day(year: y, month: m, day: d)
        case .dmyShort?:
            guard let (d, a) = digits(lo, most: 2), a < hi, s[a] == UInt8(ascii: "/"),
                let (m, b) = digits(a + 1, most: 2), b < hi,
                s[b] == UInt8(ascii: "/"), let y = num(b + 1, 4), timeOrEnd(b + 5)
            else { return nil }
            return Day(year: y, month: m, day: d)
        case .ymdSlash?:
            guard hi - lo >= 10, s[lo + 4] == UInt8(ascii: "/"), s[lo + 7] == UInt8(ascii: "/"), let y = num(lo, 4),
                let m = num(lo + 5, 2),
                let d = num(lo + 8, 2), timeOrEnd(lo + 10)
            else { return nil }
            return Day(year: y, month: m, day: d)
        case .dayMonthName?:
            guard let (d, a) = digits(lo, most: 2), a < hi,
                s[a] == UInt8(ascii: "-") || s[a] == 0x20 || s[a] == UInt8(ascii: ".")
            else { return nil }
            let sep = s[a]
            var b = a + 1
            while b < hi && Currency.isLetter(s[b]) { b += 1 }
            guard let m = month(s, a + 1, b), b < hi, s[b] == sep, let (y, e) = digits(b + 1, most: 4),
                e - b - 1 == 4 || e - b - 1 == 2,
                timeOrEnd(e)
            else { return nil }
            return Day(year: e - b - 1 == 2 ? (y < 69 ? 2000 : 1900) + y : y, month: m, day: d)
        case .excel?:
            if let (n, a) = digits(lo, most: 7),
                a == hi || (s[a] == UInt8(ascii: ".") && a + 1 < hi && num(a + 1, hi - a - 1) != nil)
            {
                return n >= 61 ? Day(ordinal: n - 25569) : nil  // 25569 is 1970-01-01; before 1900-03-01 Excel counts a 29 February that never was
            }
            return parse(s, format: nil)
        default:
            let len = hi - lo
            if len == 10 && s[lo + 4] == UInt8(ascii: "-") && s[lo + 7] == UInt8(ascii: "-") {
                // The ledgers' usual `YYYY-MM-DD`, straight-line: eight digit checks and no loop.
                let y0 = s[lo] &- 0x30, y1 = s[lo + 1] &- 0x30, y2 = s[lo + 2] &- 0x30, y3 = s[lo + 3] &- 0x30
                let m0 = s[lo + 5] &- 0x30, m1 = s[lo + 6] &- 0x30, d0 = s[lo + 8] &- 0x30, d1 = s[lo + 9] &- 0x30
                guard max(max(max(y0, y1), max(y2, y3)), max(max(m0, m1), max(d0, d1))) < 10 else { return nil }
                return Day(
                    year: Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3), month: Int(m0) * 10 + Int(m1),
                    day: Int(d0) * 10 + Int(d1))
            }
            if len == 8, let y = num(lo, 4), let m = num(lo + 4, 2), let d = num(lo + 6, 2) {
                return Day(year: y, month: m, day: d)
            }
            guard len >= 10, s[lo + 4] == UInt8(ascii: "-"), s[lo + 7] == UInt8(ascii: "-"),
                let y = num(lo, 4), let m = num(lo + 5, 2), let d = num(lo + 8, 2), timeOrEnd(lo + 10)
            else { return nil }
            return Day(year: y, month: m, day: d)
        }
    }

    /// ` hh:mm`, ` hh:mm:ss`, `Thh:mm:ss.fff` from `at` to `hi` (the hour may have one digit after a blank).
    static func isTime(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ hi: Int) -> Bool {
        guard at < hi, s[at] == 0x20 || s[at] == UInt8(ascii: "T") else { return false }
        var k = at + 1
        func two(_ limit: Int) -> Bool {
            guard k + 1 < hi, Amount.isDigit(s[k]), Amount.isDigit(s[k + 1]) else { return false }
            defer { k += 2 }
            return Int(s[k] - 0x30) * 10 + Int(s[k + 1] - 0x30) < limit
        }
        if k + 1 < hi && Amount.isDigit(s[k]) && s[k + 1] == UInt8(ascii: ":") && s[at] == 0x20 {
            k += 1
        } else if !two(24) {
            return false
        }
        guard k < hi, s[k] == UInt8(ascii: ":") else { return false }
        k += 1
        guard two(60) else { return false }
        if k == hi { return true }
        guard s[k] == UInt8(ascii: ":") else { return false }
        k += 1
        guard two(60) else { return false }
        if k < hi && s[k] == UInt8(ascii: ".") {
            k += 1
            let f = k
            while k < hi && Amount.isDigit(s[k]) { k += 1 }
            guard k > f else { return false }
        }
        return k == hi
    }

    /// English and Swedish month abbreviations (`jan` … `dec`, `maj`, `okt`, `sept`), case-blind, without a String.
    static func month(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int? {
        guard b - a == 3 || b - a == 4 else { return nil }
        var key: UInt32 = 0
        for k in a..<b { key = key << 8 | UInt32(s[k] | 0x20) }
        return monthKeys[key]
    }

    static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "maj": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "okt": 10, "nov": 11, "dec": 12,
    ]

    /// `monthNames` by their letters packed into one word.
    static let monthKeys: [UInt32: Int] = Dictionary(
        uniqueKeysWithValues: monthNames.map { name, m in
            (name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }, m)
        })

    /// Parses a period `YYYY-MM` or `YYYYMM` into its last day.
    public static func parsePeriod(_ s: UnsafeBufferPointer<UInt8>) -> Day? {
        var digits: [Int] = []
        for c in s where c != 0x20 {
            if c >= 0x30 && c <= 0x39 {
                digits.append(Int(c - 0x30))
            } else if c != UInt8(ascii: "-") || digits.count != 4 {
                return nil
            }
        }
        guard digits.count == 6 else { return nil }
        let y = digits[0...3].reduce(0) { $0 * 10 + $1 }, m = digits[4] * 10 + digits[5]
        return Day.endOfMonth(year: y, month: m)
    }

    public static func parse(_ s: String, format: DateFormat? = nil) -> Day? {
        var s = s
        return s.withUTF8 { parse($0, format: format) }
    }

    public static func parsePeriod(_ s: String) -> Day? {
        var s = s
        return s.withUTF8 { parsePeriod($0) }
    }
}
