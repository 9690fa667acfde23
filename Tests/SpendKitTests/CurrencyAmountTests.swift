import Testing

@testable import SpendCore
@testable import SpendKit

/// Amounts as real ledgers write them (issue 16): the ledger's currency sign or code before or after, negatives in
/// parentheses; another currency's sign is a reject that says so, never a number read in the wrong currency.
@Suite struct CurrencyAmountTests {
    static let gbp = Currency(code: "GBP")!, eur = Currency(code: "eur")!, usd = Currency(code: "USD")!

    /// A lone dot or comma before three digits in a ledger whose decimal comma is only the default could be 12 500
    /// or 12,50: a reject (`12,500` read 12,50 while `1,234,567` in the same column read 1 234 567); with the other
    /// separator, two of one, or two decimals after it the amount says which, and so does a decimal the profile gives.
    @Test(arguments: [
        ("12.500", true, nil), ("12.500", false, 1_250_000), ("1.234,56", true, 123_456), ("1.234.567", true, 123_456_700),
        ("12.50", true, 1_250), ("-3.000 kr", true, nil), ("12,500", true, nil), ("12,500", false, 1_250),
        ("1,234,567", true, 123_456_700), ("12,50", true, 1_250), ("1,234.56", true, 123_456),
        // a comma that cannot group thousands is the decimal comma: four digits before it, a leading 0, blanks
        ("1234,500", true, 123_450), ("0,120", true, 12), ("1 234,500", true, 123_450), ("-125,000 kr", true, nil),
    ] as [(String, Bool, Int64?)])
    func loneSeparator(_ text: String, _ ambiguous: Bool, _ ore: Int64?) {
        let r = text.utf8.withContiguousStorageIfAvailable { Amount.parseOre($0, separatorIsAmbiguous: ambiguous) }!
        switch r {
        case .success(let v): #expect(v == ore, "\(text)")
        case .failure(let f):
            #expect(ore == nil && f == (text.contains(".") ? .ambiguousDot : .ambiguousComma), "\(text): \(f)")
        }
    }

    /// Two signs that disagree are no amount, whichever way they are written.
    @Test(arguments: ["+5,00-", "+ 5,00-", "-5,00-", "--5", "+-5", "(5)-"])
    func conflictingSigns(_ text: String) {
        #expect(Amount.parseOre(text) == .failure(.invalid), "\(text)")
    }

    /// The one-pass reader of plain amounts answers only where the full reader gives the same öre.
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ".")])
    func plainAmountsAgreeWithTheFullReader(decimal: UInt8) {
        var random = FixtureRandom(seed: UInt64(decimal))
        let alphabet = Array("0123456789012345678901234567890123456789-,. ".utf8)
        var answered = 0
        for k in 0..<40_000 {
            // Half of them in the plain shape, the rest anything from the alphabet.
            var bytes: [UInt8]
            if k % 2 == 0 {
                bytes = (0..<random.int(1...14)).map { _ in UInt8(0x30 + random.int(0...9)) }
                if random.int(0...2) == 0 {  // thousands after blanks, `9 999 999`
                    bytes = Array(bytes.prefix(3))
                    for _ in 0..<random.int(1...4) { bytes += [0x20] + (0..<3).map { _ in UInt8(0x30 + random.int(0...9)) } }
                }
                if random.int(0...1) == 0 { bytes = [UInt8(ascii: "-")] + bytes }
                if random.int(0...1) == 0 { bytes += [decimal, UInt8(0x30 + random.int(0...9)), UInt8(0x30 + random.int(0...9))] }
            } else {
                bytes = (0..<random.int(1...20)).map { _ in alphabet[random.int(0...alphabet.count - 1)] }
            }
            bytes.withUnsafeBufferPointer { b in
                guard let v = Amount.plainOre(b, decimal: decimal) else { return }
                answered += 1
                #expect(
                    Amount.parseAny(b, decimal: decimal, currency: .sek) == .success(v),
                    "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(answered > 20_000)
        // At and beyond the limit, where öre would wrap an Int64: the full reader's overflow, never a small number.
        for text in [
            "184467440737095517", "100000000000000000", "999999999999999999", "99999999999999999", "-999999999999999",
            "1000000000000000", "999999999999999",
        ] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                if let v = Amount.plainOre(b, decimal: decimal) {
                    #expect(Amount.parseAny(b, decimal: decimal, currency: .sek) == .success(v), "\(text)")
                }
                #expect(Amount.parseOre(b, decimal: decimal) == Amount.parseAny(b, decimal: decimal, currency: .sek), "\(text)")
            }
        }
    }

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
            ("12:-", .sek, 1200), ("1 500,-", .sek, 150_000), ("1500,-", .sek, 150_000), ("-1 500,-", .sek, -150_000),
            ("1 500,- kr", .sek, 150_000), ("12.-", gbp, 1200), ("£12.-", gbp, 1200), ("12.5-", gbp, -1250),
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
