import Testing

@testable import SpendKit

/// Amounts as real ledgers write them (issue 16): the ledger's currency sign or code before or after, negatives in
/// parentheses; another currency's sign is a reject that says so, never a number read in the wrong currency.
@Suite struct CurrencyAmountTests {
    static let gbp = Currency(code: "GBP")!, eur = Currency(code: "eur")!, usd = Currency(code: "USD")!

    @Test(
        "the ledger's sign or code, before or after, with or without a blank",
        arguments: [
            ("£2,909,121.01", gbp, 290_912_101), ("£ 12.00", gbp, 1200), ("12.00 GBP", gbp, 1200),
            ("GBP 12", gbp, 1200), ("gbp12.5", gbp, 1250),
            ("-£12.00", gbp, -1200), ("£-12.00", gbp, -1200), ("− £12.00", gbp, -1200), ("(£1,234.56)", gbp, -123_456),
            ("£(1,234.56)", gbp, -123_456),
            ("(1,234.56) GBP", gbp, -123_456), ("(1 234,56)", gbp, -123_456), ("( 12.00 )", gbp, -1200),
            ("£12.00-", gbp, -1200),
            ("1 234,56 kr", Currency.sek, 123_456), ("kr 1 234,56", .sek, 123_456), ("1234,56 SEK", .sek, 123_456),
            ("12:-", .sek, 1200),
            ("(1 234,56 kr)", .sek, -123_456), ("12kr", .sek, 1200), ("€ 1.234,56", eur, 123_456),
            ("1.234,56 €", eur, 123_456),
            ("US$1,000.00", usd, 100_000), ("$1,000.00", usd, 100_000), ("1,000.00 US$", usd, 100_000),
            ("1,000.00 $", usd, 100_000),
        ] as [(String, Currency, Int64)])
    func reads(_ text: String, _ currency: Currency, _ ore: Int64) {
        #expect(
            Amount.parseOre(
                text, decimal: currency == .sek || currency == Self.eur ? UInt8(ascii: ",") : UInt8(ascii: "."),
                currency: currency) == .success(ore),
            "\(text) in \(currency)")
    }

    @Test(
        "another currency's sign or code is a reject naming it",
        arguments: [
            ("€12.00", gbp, "€"), ("12.00 EUR", gbp, "EUR"), ("12 kr", gbp, "kr"), ("£12", Currency.sek, "£"),
            ("USD 12", .sek, "USD"),
            ("12,00 NOK", .sek, "NOK"), ("(€12.00)", gbp, "€"),
        ] as [(String, Currency, String)])
    func foreign(_ text: String, _ currency: Currency, _ sign: String) {
        #expect(
            Amount.parseOre(text, decimal: UInt8(ascii: "."), currency: currency) == .failure(.otherCurrency(sign)),
            "\(text)")
        #expect(Amount.Failure.otherCurrency(sign).description.contains(sign))
    }

    @Test(
        "what is not an amount stays a reject",
        arguments: [
            "£", "()", "(12", "12)", "-(12)", "(-12)", "££12", "£12£", "kronor 12", "12 krona",
            "NIL", "N/A", "(£)", "12 £ 3", "£-", "--£12",
        ])
    func refuses(_ text: String) {
        guard case .failure = Amount.parseOre(text, decimal: UInt8(ascii: "."), currency: Self.gbp) else {
            Issue.record("\(text) parsed"); return
        }
    }

    @Test("plain amounts read exactly as before, whatever the currency")
    func plainAmountsUnchanged() {
        for (text, ore) in [
            ("1 234,56", Int64(123_456)), ("-5", -500), ("1234,56-", -123_456), ("1,234,567.89", 123_456_789),
        ] {
            #expect(Amount.parseOre(text, currency: Self.gbp) == Amount.parseOre(text))
            #expect(Amount.parseOre(text) == .success(ore))
        }
    }

    @Test("a currency is three letters; the outputs name it: kr for kronor, else its code")
    func currencyNames() {
        #expect(Currency(code: "gbp")?.code == "GBP")
        #expect(Currency(code: "POUND") == nil && Currency(code: "£") == nil && Currency(code: "") == nil)
        #expect(Currency.sek.unit == "kr" && Self.gbp.unit == "GBP" && Self.gbp.columnSuffix == "gbp")
        #expect(Fmt.kronor(123_456_78, Self.gbp) == "123\u{A0}457\u{A0}GBP")
        #expect(Fmt.kronor(123_456_78) == "123\u{A0}457\u{A0}kr")
    }
}
