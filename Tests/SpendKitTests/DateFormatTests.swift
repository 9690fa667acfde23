import Foundation
import Testing

@testable import SpendKit

/// The date spellings of real ledgers (issue 16): day-month-name, short day/month, slashes year first, a time of day
/// after any date, and Excel's serial days, each only when the profile names it.
@Suite struct DateFormatTests {
    @Test(
        "each format reads its own spellings",
        arguments: [
            ("01-JUN-2012", DateFormat.dayMonthName, 20120601), ("1-Jun-2012", .dayMonthName, 20120601),
            ("01 jun 2012", .dayMonthName, 20120601),
            ("15-MAJ-2021", .dayMonthName, 20210515), ("3-okt-2022", .dayMonthName, 20221003),
            ("01-JUN-12", .dayMonthName, 20120601), ("01-APR-99", .dayMonthName, 19990401),
            ("31-DEC-68", .dayMonthName, 20681231), ("01-JAN-69", .dayMonthName, 19690101),
            ("30-Sept-2023", .dayMonthName, 20230930), ("01-DEC-2012 00:00:00", .dayMonthName, 20121201),
            ("1/6/2012", .dmyShort, 20120601), ("01/06/2012", .dmyShort, 20120601), ("31/1/2024", .dmyShort, 20240131),
            ("1/6/2012 13:05", .dmyShort, 20120601),
            ("2012/06/01", .ymdSlash, 20120601), ("2012/06/01 23:59:59", .ymdSlash, 20120601),
            ("41061", .excel, 20120601), ("45292", .excel, 20240101), ("45292.5", .excel, 20240101),
            ("2024-01-01", .excel, 20240101),
            ("01/06/2012 00:00:00", .dmySlash, 20120601), ("01.06.2012", .dmyDot, 20120601),
            ("2012-06-01 00:00:00", .iso, 20120601), ("2012-06-01T08:30:00.000", .iso, 20120601),
            ("2012-06-01 8:30", .iso, 20120601),
        ] as [(String, DateFormat, Int32)])
    func reads(_ text: String, _ format: DateFormat, _ value: Int32) {
        #expect(DateFormat.parse(text, format: format)?.value == value, "\(text) as \(format.rawValue)")
    }

    @Test(
        "what a format does not read is no date (a reject), never a guess",
        arguments: [
            ("01-XYZ-2012", DateFormat.dayMonthName), ("32-JUN-2012", .dayMonthName), ("01-JUN-012", .dayMonthName),
            ("JUN-01-2012", .dayMonthName),
            ("2012-06-01", .dayMonthName), ("1/13/2012", .dmyShort), ("1/6/12", .dmyShort), ("2012-06-01", .dmyShort),
            ("2012/6/1", .ymdSlash), ("01/06/2012", .ymdSlash), ("60", .excel), ("0", .excel), ("41061,5", .excel),
            ("12a", .excel),
            ("2012-06-01 25:00", .iso), ("2012-06-01 12:60", .iso), ("2012-06-01 noon", .iso),
            ("01/06/2012 9", .dmySlash),
        ] as [(String, DateFormat)])
    func refuses(_ text: String, _ format: DateFormat) {
        #expect(DateFormat.parse(text, format: format) == nil, "\(text) as \(format.rawValue)")
    }

    @Test("without a profile's format only ISO spellings read: a day-first date is never guessed")
    func defaultIsISO() {
        #expect(DateFormat.parse("2012-06-01 10:00:00")?.value == 20120601)
        #expect(DateFormat.parse("20120601")?.value == 20120601)
        for text in ["01-JUN-2012", "1/6/2012", "2012/06/01", "41061", "01/06/2012"] {
            #expect(DateFormat.parse(text) == nil, "\(text)")
        }
    }

    @Test("a profile names the format in any case; an unknown one is an error naming its line")
    func profileNamesTheFormat() throws {
        let p = try Profile.parseTOML(
            "[fields]\namount = \"A\"\nsupplier_name = \"S\"\nbooking_date = \"D\"\n[format]\ndate_format = \"dd-mon-yyyy\"\n",
            path: "p.toml")
        #expect(p.dateFormat == .dayMonthName)
        #expect(throws: IngestError.self) {
            try Profile.parseTOML("[fields]\namount = \"A\"\n[format]\ndate_format = \"MM/DD/YYYY\"\n", path: "p.toml")
        }
        do {
            _ = try Profile.parseTOML(
                "[fields]\namount = \"A\"\n[format]\ndate_format = \"MM/DD/YYYY\"\n", path: "p.toml")
        } catch let e as IngestError {
            #expect(e.description.hasPrefix("p.toml:4: date_format must be one of"), "\(e)")
            #expect(e.exitCode == 64)
        }
    }

    /// `DateFormat.iso`, the hot loop's ten-byte reading, answers exactly as `parse` does whenever it answers, for every
    /// format that reads ISO; a nil leaves the choice to `parse`. Random ten-byte texts near the ISO shape: digits,
    /// dashes, blanks and other bytes at each place, months and days out of range, 29 February in every kind of year.
    @Test("the ten-byte ISO reading agrees with parse", arguments: [nil, DateFormat.iso, .compact, .excel])
    func isoAgreesWithParse(_ format: DateFormat?) {
        #expect(DateFormat.readsISO(format))
        var random = FixtureRandom(seed: 0x150_DA7E)
        let alphabet = Array("0123456789-- /T.a:;<=>?".utf8) + [0xC3, 0x80, 0x8A, 0xBA, 0xFF]
        var answered = 0
        for n in 0..<60_000 {
            var b: [UInt8]
            if n % 3 == 0 {
                b = (0..<10).map { _ in alphabet[random.int(0...(alphabet.count - 1))] }
            } else {
                let y = random.int(1890...2210), m = random.int(0...13), d = random.int(0...32)
                b = Array(String(format: "%04ld-%02ld-%02ld", y, m, d).utf8.suffix(10))
                if n % 7 == 0 { b[random.int(0...9)] = alphabet[random.int(0...(alphabet.count - 1))] }
            }
            guard b.count == 10 else { continue }
            let fast = b.withUnsafeBufferPointer { DateFormat.iso($0.baseAddress!) }
            let slow = b.withUnsafeBufferPointer { DateFormat.parse($0, format: format) }
            if let fast {
                answered += 1
                #expect(fast == slow, "\(String(decoding: b, as: UTF8.self)): \(fast) against \(String(describing: slow))")
            } else {
                // Declined: only a text parse reads otherwise may be declined, never a plain valid ISO date.
                let plain = b[4] == 0x2D && b[7] == 0x2D && b.indices.allSatisfy { $0 == 4 || $0 == 7 || b[$0] &- 0x30 < 10 }
                #expect(!plain || slow == nil, "\(String(decoding: b, as: UTF8.self)) declined, parse read it")
            }
        }
        #expect(answered > 20_000)
        for (text, value) in [("2024-02-29", 2024_02_29 as Int32?), ("2023-02-29", nil), ("2000-02-29", 2000_02_29),
            ("1900-02-29", nil), ("2199-12-31", 2199_12_31), ("2200-01-01", nil), ("1899-12-31", nil)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { DateFormat.iso($0.baseAddress!) }?.value == value, "\(text)")
        }
        // Every byte at every place of three valid dates: only the date itself is read, and as parse reads it.
        for date in ["2024-02-29", "1900-01-01", "2199-12-31"] {
            for place in 0..<10 {
                for byte in 0...255 {
                    var b = Array(date.utf8)
                    b[place] = UInt8(byte)
                    let fast = b.withUnsafeBufferPointer { DateFormat.iso($0.baseAddress!) }
                    let slow = b.withUnsafeBufferPointer { DateFormat.parse($0, format: format) }
                    if let fast { #expect(fast == slow, "\(b)") }
                    if byte &- 0x30 >= 10 && place != 4 && place != 7 { #expect(fast == nil, "\(b)") }
                }
            }
        }
        for f in DateFormat.allCases {
            #expect(DateFormat.readsISO(f) == (DateFormat.parse("2024-02-29", format: f) != nil), "\(f)")
        }
    }
}
