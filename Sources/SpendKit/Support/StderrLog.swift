import Foundation
import Logging

/// swift-log handler for a command-line tool: `spend: warning: message` on stderr, one line per event.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    /// What every line goes through last (the tool masks personnummer with it, whatever a message quotes).
    private let mask: @Sendable (String) -> String

    public init(level: Logger.Level, mask: @escaping @Sendable (String) -> String = { $0 }) {
        logLevel = level
        self.mask = mask
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let prefix: String
        switch event.level {
        case .trace, .debug: prefix = "spend: debug: "
        case .info, .notice: prefix = "spend: "
        case .warning: prefix = "spend: warning: "
        case .error, .critical: prefix = "spend: error: "
        }
        Progress.clearLine()
        FileHandle.standardError.write(Data((prefix + mask(event.message.description) + "\n").utf8))
    }

    /// A logger for the tool: `quiet` shows errors only, `verbose` adds debug detail; each line through `mask`.
    public static func logger(
        quiet: Bool, verbose: Bool, mask: @escaping @Sendable (String) -> String = { $0 }
    ) -> Logger {
        let level: Logger.Level = quiet ? .error : verbose ? .debug : .info
        return Logger(label: "spend") { _ in StderrLogHandler(level: level, mask: mask) }
    }
}

extension Logger {
    /// A logger that drops everything: the library's default, so tests and embedders stay silent.
    public static let silent = Logger(label: "spend") { _ in SwiftLogNoOpLogHandler() }
}

/// A one-line progress display on stderr, shown only when stderr is a terminal.
public final class Progress: @unchecked Sendable {  // updated from the reading thread only
    public static let isTerminal = isatty(2) != 0
    /// Whether a progress line stands on stderr; only the main thread shows or clears it.
    nonisolated(unsafe) private static var shown = false
    private let enabled: Bool
    private var last = Date.distantPast

    public init(enabled: Bool) { self.enabled = enabled && Progress.isTerminal }

    /// Shows `rows` read so far, at most five times a second.
    public func update(rows: Int, file: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        Progress.shown = true
        FileHandle.standardError.write(
            Data("\r\u{1B}[K\(Fmt.group(Int64(rows))) rows  \((file as NSString).lastPathComponent)".utf8))
    }

    /// Erases the progress line before other output.
    public static func clearLine() {
        guard shown else { return }
        shown = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
