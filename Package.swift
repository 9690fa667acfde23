// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spend",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spend", targets: ["spend"]),
        .library(name: "SpendKit", targets: ["SpendKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // A prefetch hint for the hot loop's table lookups (Swift has none).
        .target(name: "CPrefetch"),
        // The byte-level primitives the hot loop spends its time in (scanner, hashes, tables, amount and date
        // parsing): -Ounchecked in release, measured to pay there; everything else keeps its traps (-O).
        .target(
            name: "SpendCore",
            dependencies: ["CPrefetch"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "SpendKit",
            dependencies: [
                "SpendCore", "CLibCSV", "CZlib",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Overflow and bounds traps stay; the dynamic exclusivity checks go, in release only: the fast path's
            // kernel (a class whose arrays it updates per line) spends a quarter of the run on them (measured:
            // 33.0 G instructions with them, 24.6 G without and 24.0 G with all of SpendKit -Ounchecked, on the
            // 5-million-line bench ledger, 1 thread; issue 19). Drop the flag once the kernel keeps its state in locals.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "spend",
            dependencies: [
                "SpendKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SpendKitTests",
            dependencies: ["SpendKit", "SpendCore", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Snapshots")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
