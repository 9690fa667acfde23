import Testing
@testable import SpendKit
@Test func smoke() { #expect(SpendKitVersion.string == "0.1.0") }
