public enum SpendKitVersion { public static let string = "0.1.0" }
