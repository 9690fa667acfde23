import Foundation
import Testing

/// The test harness itself: which binary the end-to-end tests run, and how the shared data is found.
@Suite struct HarnessTests {
    @Test("the binary the tests run is the one built beside the test bundle, or SPEND_BIN")
    func binary() throws {
        #expect(FileManager.default.isExecutableFile(atPath: spendBinary), "\(spendBinary)")
        if let env = ProcessInfo.processInfo.environment["SPEND_BIN"], !env.isEmpty {
            #expect(spendBinary == env)
        } else {
            #expect(
                spendBinary == Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("spend").path)
        }
        let r = try runSpend(["--version"])
        #expect(r.code == 0)
        #expect(!r.out.isEmpty)
    }

    @Test("the shared data is present exactly when the Örebro ledger is")
    func sharedData() {
        let shared = ProcessInfo.processInfo.environment["SPEND_SHARED"] ?? repoRoot + "/../shared"
        #expect(
            Shared.available
                == FileManager.default.fileExists(
                    atPath: shared + "/data/orebro-2016-03/orebro-leverantorsfakturor-2016-03.csv"))
        #expect(Shared.orebro.hasPrefix(Shared.data + "/"))
    }
}
