/// A problem in the contract register, organisation map or weights, with its line and column.
public struct AnalyzeError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { "\(path):\(line): \(message)" }
    public var exitCode: Int32 { 65 }
}
