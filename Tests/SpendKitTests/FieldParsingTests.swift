import Testing

@testable import SpendKit

@Suite struct AmountTests {
    @Test(
        arguments: [
            ("1234,56", 123456), ("1 234,56", 123456), ("1\u{A0}234,56", 123456), ("1\u{202F}234,56", 123456),
            ("1234.56", 123456), ("1,234.56", 123456), ("1.234,56", 123456), ("-1234,56", -123456),
            ("1234,56-", -123456),
            ("\u{2212}1234,56", -123456), ("1234", 123400), ("-5", -500), ("0,5", 50), (" 12,30 ", 1230),
            ("1.234", 123400),
            ("1 234 567,89", 123456789), ("1,234,567.89", 123456789), ("+7,00", 700), ("12,340", 1234),
            ("1234,56 -", -123456),
        ] as [(String, Int64)])
    func parses(_ text: String, _ ore: Int64) {
        #expect(Amount.parseOre(text) == .success(ore))
    }

    @Test(arguments: ["", "  ", "abc", "12a", "1,2,3.4.5", "12 34,56", "1,234", "--5", "1..2", "1,23,45"])
    func rejects(_ text: String) {
        guard case .failure = Amount.parseOre(text) else { Issue.record("\(text) parsed"); return }
    }

    @Test func overflowIsReportedNotTrapped() {
        #expect(Amount.parseOre("99999999999999999999") == .failure(.overflow))
    }
}

@Suite struct DateTests {
    @Test(
        arguments: [
            ("2022-03-15", 20220315), ("20220315", 20220315), ("2022-03-15 13:45", 20220315),
            ("2022-03-15 13:45:59", 20220315),
            ("2024-02-29", 20240229),
        ] as [(String, Int32)])
    func parses(_ text: String, _ value: Int32) { #expect(DateFormat.parse(text)?.value == value) }

    @Test(arguments: ["2023-02-29", "2022-13-01", "15/03/2022", "2022-3-15", "", "2022-03-15 25:00", "20221301"])
    func rejects(_ text: String) { #expect(DateFormat.parse(text) == nil) }

    @Test func dayFirstOnlyWhenNamed() {
        #expect(DateFormat.parse("15/03/2022", format: .dmySlash)?.value == 20220315)
        #expect(DateFormat.parse("15.03.2022", format: .dmyDot)?.value == 20220315)
        #expect(DateFormat.parse("15.03.2022") == nil)
    }

    @Test(arguments: [("2016-03", 20160331), ("201602", 20160229), ("2022-12", 20221231)] as [(String, Int32)])
    func periods(_ text: String, _ value: Int32) { #expect(DateFormat.parsePeriod(text)?.value == value) }

    @Test func ordinalRoundTrips() {
        for v in [
            Day(year: 1970, month: 1, day: 1)!, Day(year: 2024, month: 2, day: 29)!,
            Day(year: 2022, month: 12, day: 31)!,
        ] {
            #expect(Day(ordinal: v.ordinal) == v)
        }
        #expect(Day(year: 1970, month: 1, day: 2)!.ordinal == 1)
    }
}

@Suite struct SupplierIDTests {
    // 556036-0793 passes the Luhn check; 556677-8890 does not.
    @Test(arguments: [
        "556036-0793", "5560360793", "16556036-0793", "165560360793", "SE556036079301", "556036-0793/", " 556036-0793 ",
        "556036-0793/556168-8523",
    ])
    func orgSpellings(_ text: String) { #expect(SupplierID.parse(text) == .org("5560360793")) }

    @Test(arguments: ["", "NULL", "SAKNAS", "-", "0", "  ", "null"])
    func placeholdersMeanNoID(_ text: String) { #expect(SupplierID.parse(text) == nil) }

    @Test func personnummerIsKeptPseudonymousAndMasked() {
        let masked = SupplierID.parse("560101-****")
        #expect(masked == .person(birth: "560101", hash: 0))
        #expect(masked?.display == "560101-****")
        let full = SupplierID.parse("19560101-1234")
        #expect(full?.display == "560101-****")
        #expect(!(full?.display.contains("1234") ?? true))
    }

    @Test func foreignAndInvalidIDsAreOther() {
        #expect(SupplierID.parse("DK78479310") == .other("DK78479310"))
        #expect(SupplierID.parse("556677-8890") == .other("5566778890"))
    }

    @Test func nameKeyDropsCompanyForm() {
        #expect(SupplierID.nameKey("Atea  Sverige AB.") == "ATEA SVERIGE")
        #expect(SupplierID.nameKey("atea sverige aktiebolag") == "ATEA SVERIGE")
        #expect(SupplierID.nameKey("AB") == "AB")
    }
}

@Test func fieldOrdinalIsTheCaseIndex() {
    for (i, f) in Field.allCases.enumerated() { #expect(f.ordinal == i) }
}
