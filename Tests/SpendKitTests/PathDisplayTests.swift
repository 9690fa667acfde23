import Testing

@testable import SpendKit

@Suite("Paths in reasons")
struct PathDisplayTests {
    @Test("a reason quoting a run's file shows it as the outputs name it; other text stays as it is")
    func reasons() {
        let d = PathDisplay(
            base: "/data/kommun",
            files: ["/data/kommun/dumpar/jan.csv", "/data/kommun/dumpar/jan.csv.gz", "/data/kommun/dumpar/å-ö.csv"])
        #expect(d.reason("repeats /data/kommun/dumpar/jan.csv:12") == "repeats dumpar/jan.csv:12")
        #expect(d.reason("repeats /data/kommun/dumpar/jan.csv.gz:3") == "repeats dumpar/jan.csv.gz:3")
        #expect(d.reason("repeats /data/kommun/dumpar/å-ö.csv:7") == "repeats dumpar/å-ö.csv:7")
        #expect(d.reason("amount does not parse: '1/2'") == "amount does not parse: '1/2'")
        #expect(d.reason("no path here") == "no path here")
        #expect(PathDisplay.has("abc/def", "c/d") && !PathDisplay.has("abc", "abcd") && PathDisplay.has("x", ""))
    }
}
