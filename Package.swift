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
        // The byte-level primitives the hot loop spends its time in (scanner, hashes, tables, amount and date
        // parsing): -Ounchecked in release, measured to pay there; everything else keeps its traps (-O).
        .target(
            name: "SpendCore",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "SpendKit",
            dependencies: [
                "SpendCore", "CLibCSV", "CZlib",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
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
