/// A calendar date as `yyyymmdd` in one Int32: cheap to compare, sort and bucket by year.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2199).contains(year), (1...12).contains(month), day >= 1,
              day <= Day.daysIn(year: year, month: month) else { return nil }
        value = Int32(year * 10000 + month * 100 + day)
    }

    public var year: Int { Int(value / 10000) }
    public var month: Int { Int(value / 100 % 100) }
    public var day: Int { Int(value % 100) }

    public static func < (a: Day, b: Day) -> Bool { a.value < b.value }

    public var description: String {
        let m = month, d = day
        return "\(year)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public static func daysIn(year: Int, month: Int) -> Int {
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

/// Date spellings of SPEC §3.1; day-first formats only when a profile names them.
public enum DateFormat: String, Sendable, CaseIterable {
    case iso = "YYYY-MM-DD", compact = "YYYYMMDD", dmySlash = "DD/MM/YYYY", dmyDot = "DD.MM.YYYY"

    /// Parses a date; `nil` format accepts `YYYY-MM-DD`, `YYYYMMDD` and `YYYY-MM-DD hh:mm[:ss]`.
    public static func parse(_ s: UnsafeBufferPointer<UInt8>, format: DateFormat? = nil) -> Day? {
        var lo = 0, hi = s.count
        while lo < hi && s[lo] == 0x20 { lo += 1 }
        while hi > lo && s[hi - 1] == 0x20 { hi -= 1 }
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= hi else { return nil }
            var v = 0
            for k in a..<(a + n) { let c = s[k]; guard c >= 0x30 && c <= 0x39 else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        let len = hi - lo
        switch format {
        case .dmySlash?, .dmyDot?:
            let sep = format == .dmySlash ? UInt8(ascii: "/") : UInt8(ascii: ".")
            guard len == 10, s[lo + 2] == sep, s[lo + 5] == sep, let d = num(lo, 2), let m = num(lo + 3, 2), let y = num(lo + 6, 4) else { return nil }
            return Day(year: y, month: m, day: d)
        default:
            if len == 8, let y = num(lo, 4), let m = num(lo + 4, 2), let d = num(lo + 6, 2) {
                return Day(year: y, month: m, day: d)
            }
            guard len >= 10, s[lo + 4] == UInt8(ascii: "-"), s[lo + 7] == UInt8(ascii: "-"),
                  let y = num(lo, 4), let m = num(lo + 5, 2), let d = num(lo + 8, 2) else { return nil }
            if len > 10 {  // time of day: " hh:mm" or "Thh:mm", optionally ":ss"
                guard len == 16 || len == 19, s[lo + 10] == 0x20 || s[lo + 10] == UInt8(ascii: "T"),
                      let h = num(lo + 11, 2), s[lo + 13] == UInt8(ascii: ":"), let mi = num(lo + 14, 2), h < 24, mi < 60 else { return nil }
                if len == 19 { guard s[lo + 16] == UInt8(ascii: ":"), let sec = num(lo + 17, 2), sec < 60 else { return nil } }
            }
            return Day(year: y, month: m, day: d)
        }
    }

    /// Parses a period `YYYY-MM` or `YYYYMM` into its last day.
    public static func parsePeriod(_ s: UnsafeBufferPointer<UInt8>) -> Day? {
        var digits: [Int] = []
        for c in s where c != 0x20 {
            if c >= 0x30 && c <= 0x39 { digits.append(Int(c - 0x30)) } else if c != UInt8(ascii: "-") || digits.count != 4 { return nil }
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
