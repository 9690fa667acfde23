import Foundation

/// A publish refused because it would replace the reports by less than they hold; the previous reports stay.
public enum PublishError: ExitCoded, Equatable {
    /// The run's database has no lines and the one in the reports has some.
    case emptyDatabase(path: String)

    public var description: String {
        switch self {
        case .emptyDatabase(let p):
            return
                "\(p): this run has no lines and would replace a database that has some; it is left as it was (an empty dump?)"
        }
    }

    public var exitCode: Int32 { 65 }
}
