import Foundation
import Testing

@testable import SpendKit

/// Avtalstrohet as an enum: the four outcomes reach contract_refs.csv the same way by every path, and the part
/// format keeps the strings it has always written.
@Suite struct ContractRefOutcomeTests {
    /// One category line per outcome, each with its own amount.
    static func fixture() -> DeliverableFixture {
        var f = DeliverableFixture()
        typealias F = DeliverableFixture
        f.contract("A1", "Atea Sverige AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.contract("A2", "Atea Sverige AB", sub: "", from: "2019-01-01", to: "2021-12-31")
        f.contract("K1", "Konsult AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.line("2022-03-01", "Atea Sverige AB", F.licences, "1000,00", avtal: "A1")
        f.line("2022-03-02", "Atea Sverige AB", F.hardware, "200,00", avtal: "A2")
        f.line("2022-03-03", "Atea Sverige AB", F.hardware, "30,00", avtal: "K1")
        f.line("2022-03-04", "Atea Sverige AB", F.hardware, "4,00", avtal: "X9")
        f.line("2022-03-05", "Atea Sverige AB", F.hardware, "0,50")
        return f
    }

    /// In raw-value order, as the strings sorted.
    static let rows = [
        ["avtalet har upphört", "200,00"], ["giltigt avtal", "1000,00"], ["annan leverantörs avtal", "30,00"],
        ["okänt avtal", "4,00"],
    ]

    @Test(
        "each outcome has its row in contract_refs.csv, by the kernels and by the reference reading",
        arguments: ["fast", "libcsv"])
    func everyOutcome(_ parser: String) throws {
        let f = Self.fixture()
        let r = try f.analyze(["--parser", parser, "--format", "csv"])
        #expect(r.code == 0, "\(r.err)")
        #expect(try f.rows("contract_refs.csv") == Self.rows)
    }

    @Test("a part holds the outcomes as their strings and reads them back; another string is a damaged part")
    func partFormat() throws {
        let typed: [ContractRefOutcome: Int64] = [.ok: 1, .expired: -2, .unknown: 300, .otherSupplier: 4]
        var a: [UInt8] = [], b: [UInt8] = []
        let ea = PartEncoder { a += $0 }, eb = PartEncoder { b += $0 }
        ea.amounts(typed)
        eb.amounts(["ok": 1, "expired": -2, "unknown": 300, "other supplier": 4])
        try ea.flush(); try eb.flush()
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).contains("other supplier"))
        let path = writeFile(a, name: "refs.bin")
        let back: [ContractRefOutcome: Int64] = try PartDecoder(path: path).amounts()
        #expect(back == typed)
        var c: [UInt8] = []
        let ec = PartEncoder { c += $0 }
        ec.amounts(["ok": 1, "maybe": 2])
        try ec.flush()
        let bad = writeFile(c, name: "bad.bin")
        #expect(throws: PartError.self) { let _: [ContractRefOutcome: Int64] = try PartDecoder(path: bad).amounts() }
    }

    @Test("outcomes order as their raw values")
    func order() {
        #expect(
            ContractRefOutcome.allCases.sorted().map(\.rawValue) == ContractRefOutcome.allCases.map(\.rawValue).sorted()
        )
        #expect("\(ContractRefOutcome.otherSupplier)" == "other supplier")
    }
}
