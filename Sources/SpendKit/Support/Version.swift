/// spend's version, printed by `spend --version` and written into the outputs that name their maker.
public enum SpendKitVersion { public static let string = "0.1.0" }
