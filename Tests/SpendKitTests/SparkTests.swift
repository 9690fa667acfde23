import Foundation
import Testing

@testable import SpendKit

/// Whether a program is on PATH.
private func onPath(_ program: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
}

/// Runs a program to its end; exit code and stdout + stderr.
private func run(_ program: String, _ args: [String], cwd: String = repoRoot) throws -> (code: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: program)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: cwd)
    let pipe = Pipe()
    p.standardOutput = pipe; p.standardError = pipe
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: out, as: UTF8.self))
}

/// `scale/spark_spend.py` (issue 18) in Spark local mode: the reference data set cut into 8 overlapping dumps gives
/// the bytes of one `spend analyze` over the same dumps. Needs Java; installs pyspark into `.venv` (`make spark-env`).
@Suite(.serialized) struct SparkTests {
    @Test(
        "the Spark job in local mode writes the bytes of one run over 8 overlapping dumps",
        .enabled(
            if: onPath("java") && onPath("make") && onPath("python3"),
            "Spark needs Java 17+ (and make, python3) on PATH"),
        .timeLimit(.minutes(10)))
    func localMode() throws {
        let env = try run("/usr/bin/env", ["make", "-s", "spark-env"])
        if env.code != 0 { try Test.cancel("pyspark could not be installed into .venv: \(env.output.suffix(300))") }
        let dir = tempDir()
        let spend = spendBinary
        #expect(try runSpend(["fixtures", "--out", dir + "/ref"]).code == 0)
        let cut = try run(
            "/usr/bin/env",
            ["python3", "scale/cut_dumps.py", "--ledger", dir + "/ref/ledger", "--out", dir + "/dumps", "--dumps", "8"])
        #expect(cut.code == 0, "\(cut.output)")
        let dumps = cut.output.split(separator: "\n").map(String.init)
        #expect(dumps.count == 8)
        let config = writeFile(
            """
            [input]
            profile = "proceedo"
            [reference]
            rules = "ref/regler.csv"
            contracts = "ref/avtal.csv"
            organisation = "ref/organisation.csv"
            published = "\(repoRoot)/Fixtures/published/seed002-bilaga3.toml"
            [analysis]
            category = "IT och telekom"
            years = [2020, 2021, 2022]
            direct_award_threshold = { 2020 = 615312, 2021 = 615312, 2022 = 700000 }
            [output]
            formats = ["html", "md", "csv", "json", "xlsx"]
            """, name: "spend.toml", in: dir)
        let spark = try run(
            repoRoot + "/.venv/bin/python",
            [
                "scale/spark_spend.py", "--config", config, "--invoices", dir + "/dumps",
                "--out", dir + "/spark", "--master", "local[2]", "--spend", spend, "--timings",
            ])
        #expect(spark.code == 0, "\(spark.output.suffix(2000))")
        let one = try runSpend(
            ["analyze", "--config", config, "--invoices"] + dumps + ["--out", dir + "/one", "--quiet"])
        #expect(one.code == 0, "\(one.err)")
        try PartialMergeTests.expectSame(dir + "/one", dir + "/spark")
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/spark/2022/summary.json"))) as? [String: Any]
        let duplicates = (summary?["rows"] as? [String: Any])?["duplicates"] as? Int ?? 0
        #expect(duplicates > 1000, "the dumps overlap: their repeated lines are counted as duplicates")
        let line = spark.output.split(separator: "\n").last { $0.hasPrefix("{") }.map(String.init) ?? "{}"
        let timings = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((timings?["rerun"] as? Int ?? 0) >= 1, "shards holding earlier shards' keys run again: \(line)")
    }
}
