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
        .target(
            name: "SpendKit",
            dependencies: [
                "CLibCSV", "CZlib",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "spend",
            dependencies: [
                "SpendKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SpendKitTests",
            dependencies: ["SpendKit"],
            resources: [.copy("Snapshots")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
