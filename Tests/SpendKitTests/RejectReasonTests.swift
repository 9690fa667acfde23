import Foundation
import Testing

@testable import SpendKit

/// Typed reject reasons: each case's text is the one spend has always listed (golden files and scripts read it), and
/// the reference reading and the fast-path kernels reject the same rows for the same reasons.
@Suite struct RejectReasonTests {
    @Test(
        "each reason reads as before",
        arguments: [
            (RejectReason.unterminatedQuote, "unterminated quoted field"),
            (.textAfterQuote(field: 4), "text after closing quote in field 4"),
            (.tooLong(maxBytes: 1 << 20), "record longer than 1 MB"),
            (.fieldCount(expected: 9, found: 6), "expected 9 fields, found 6"),
            (.unknownStatus("MAYBE"), "unknown status 'MAYBE'"),
            (.amount(.invalid, text: "12x"), "amount does not parse: '12x'"),
            (.amount(.empty, text: ""), "missing amount: ''"),
            (.amount(.tooManyDecimals, text: "1,001"), "amount has more than two decimals: '1,001'"),
            (.unparsedDate(.invoiceDate, text: "x"), "invoice date does not parse: 'x'"),
            (.unparsedDate(.bookingDate, text: "2022-13-45"), "booking date does not parse: '2022-13-45'"),
            (.unparsedDate(.period, text: "13"), "period does not parse: '13'"),
            (.noDate, "no date or period"),
            (.noSupplier, "no supplier name or id"),
            (.noExchangeRate(currency: "NOK"), "amount in NOK and no exchange rate for it"),
        ])
    func text(_ reason: RejectReason, _ text: String) {
        #expect(reason.description == text)
    }

    @Test("one row per reason: every way of reading lists the same rejects with the same words")
    func bothPaths() throws {
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"
        let rows = [
            "S1;V1;2022-03-01;Atea;;1100;54610;100,00;OK",
            "S2;V2;2022-03-01;Atea",
            "S3;V3;2022-03-01;Atea;;1100;54610;100,00;MAYBE",
            "S4;V4;2022-03-01;Atea;;1100;54610;12x;OK",
            "S5;V5;2022-13-45;Atea;;1100;54610;1,00;OK",
            "S6;V6;;Atea;;1100;54610;1,00;OK",
            "S7;V7;2022-03-01;;;1100;54610;1,00;OK",
            "S8;V8;2022-03-01;\"Atea\"x;;1100;54610;1,00;OK",
            "S9;V9;2022-03-01;Atea;;1100;54610;" + String(repeating: "1", count: 300) + ";OK",
            "S10;V10;2022-03-01;\"Atea;;1100;54610;1,00;OK",
        ]
        let path = writeFile(([header] + rows).joined(separator: "\n") + "\n", name: "reasons.csv")
        let expected = [
            "RowCounts(read: 10, accepted: 1, rejected: 9, excluded: 0, duplicates: 0)",
            "\(path):3: expected 9 fields, found 4",
            "\(path):4: unknown status 'MAYBE'",
            "\(path):5: amount does not parse: '12x'",
            "\(path):6: booking date does not parse: '2022-13-45'",
            "\(path):7: no date or period",
            "\(path):8: no supplier name or id",
            "\(path):9: text after closing quote in field 4",
            "\(path):10: record longer than 200 bytes",
            "\(path):11: unterminated quoted field",
        ]
        for reading in Reading.allCases {
            let got = ReadLimits.$maxRecordBytes.withValue(200) { books([path], reading) }
            #expect(got == expected, "\(reading)")
        }
    }
}
