import Foundation

/// The database written on a thread of its own: a kernel's lines go there once its file is read, and the last tables
/// once every file is, so the writing overlaps the next file's reading and the reports. The order of the writes is
/// the order they were given in, so the database's bytes do not depend on the threads' timing.
extension SQLiteOutput {
    /// Writes a kernel's lines on the database's thread, after everything given before; a failure is kept for
    /// `wait` (and stops every later write).
    func takeLater(_ rows: SQLiteRows, lineShift: Int = 0) {
        pending = true
        // At most 8 kernels' streams wait (`queued`) (each holds up to a chunk and a spill file): a run of many
        // files whose database writes slower than they are read stays bounded.
        queued.wait()
        let job = Job(output: self, rows: rows)
        queue.async {
            try? job.output.take(job.rows!, lineShift: lineShift)
            job.output.queued.signal()
        }
    }

    /// Writes the last tables on the database's thread (`finish`'s arguments); `wait` throws what it threw.
    public func finishLater(
        files: [String], paths: PathDisplay = .asGiven, info: [String: (encoding: String, profile: String)],
        counts: RowCounts, rejects: RowIssues, contracts: ContractRegister, organisation: OrganisationMap?,
        category: String?, currency: Currency = .sek
    ) {
        pending = true
        let job = Job(output: self, rows: nil)
        let info = Info(info)
        queue.async {
            do {
                try job.output.writeLast(
                    files: files, paths: paths, info: info.value, counts: counts, rejects: rejects,
                    contracts: contracts, organisation: organisation, category: category, currency: currency)
            } catch {
                if job.output.failure == nil { job.output.failure = error }
            }
        }
    }

    /// Waits for everything given to the database's thread; throws its first failure.
    public func wait() throws {
        settle()
        if let failure { throw failure }
    }

    /// Waits for the database's thread to be idle, so the run's thread may write or read the database's state.
    func settle() {
        guard pending else { return }
        queue.sync {}
        pending = false
    }

    /// What a write on the database's thread needs: the output and the stream are touched by that thread alone
    /// until `settle`.
    private struct Job: @unchecked Sendable {
        let output: SQLiteOutput
        let rows: SQLiteRows?
    }

    private struct Info: @unchecked Sendable {  // a dictionary of strings, given away
        let value: [String: (encoding: String, profile: String)]
        init(_ value: [String: (encoding: String, profile: String)]) { self.value = value }
    }
}
