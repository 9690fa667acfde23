import SpendCore

extension LineKernel {
    /// Sums of one year, dense by class, by cell and by contract: a class, so the hot loop reaches them through one
    /// reference and no array of structs has to be checked for uniqueness on every line.
    final class YearSums {
        let year: Int
        /// Per class, then per cell: its amount, off-contract amount and lines side by side (`Sum`), so a line's
        /// three sums of its class are fetched together (24 bytes, mostly in one cache line), and those of its cell.
        var classSums = ZeroedBuffer<Int64>(), cellSums = ZeroedBuffer<Int64>()
        /// Unclassified spend per account id (one more: slot 0 is the line without account): amount and lines.
        var accountSums = ZeroedBuffer<Int64>()
        let contractAmount: ZeroedBuffer<Int64>, contractLines: ZeroedBuffer<Int32>
        /// By `ContractRefOutcome`: 0 ok, 1 expired.
        let refAmount = ZeroedBuffer<Int64>(count: 2), refLines = ZeroedBuffer<Int32>(count: 2)
        var first: Day?, last: Day?
        var tally: InvoiceTally
        /// The category's spend per month of the date that decides the year.
        let months = ZeroedBuffer<Int64>(count: 12)
        /// A sum above went beyond Int64; `flush` hands it on and the year's report stops the run.
        var overflow = false
        /// Whether a line was added since the last `reset` (a year without one is not handed on).
        var touched = false

        init(year: Int, contracts: Int, tally: InvoiceTally) {
            self.year = year
            contractAmount = ZeroedBuffer(count: contracts)
            contractLines = ZeroedBuffer(count: contracts)
            self.tally = tally
        }

        /// Every sum back to zero after a flush, the buffers' room kept for the next classes and cells.
        func reset(tally: InvoiceTally) {
            classSums.zero(); cellSums.zero(); accountSums.zero()
            contractAmount.zero(); contractLines.zero(); refAmount.zero(); refLines.zero(); months.zero()
            first = nil; last = nil; overflow = false; touched = false
            self.tally = tally
        }

        /// Where a class's or a cell's sums are in `classSums` or `cellSums`: `Sum.stride` slots from `stride * i`.
        enum Sum {
            static let amount = 0, off = 1, lines = 2, stride = 3
            /// In `accountSums`: the amount (`amount`) and the lines.
            static let accountLines = 1, accountStride = 2
        }

        /// Accounts with room for their sums.
        var accountCount: Int { accountSums.count / Sum.accountStride }

        /// An unclassified line's amount under its account (-1: none).
        @inline(__always) func bookAccount(_ account: Int, _ amount: Int64) {
            let i = Sum.accountStride * (account + 1)
            if i >= accountSums.count { accountSums.ensure(i + Sum.accountStride - 1) }
            add(accountSums, i + Sum.amount, amount)
            accountSums.increment(i + Sum.accountLines)
        }

        /// Classes and cells with room for their sums.
        var classCount: Int { classSums.count / Sum.stride }
        var cellCount: Int { cellSums.count / Sum.stride }

        /// Room for class `a` and cell `c` (grown on first use in the year, in doublings).
        @inline(__always) func ensure(class a: Int, cell c: Int) {
            if a >= classCount { classSums.ensure(Sum.stride * a + Sum.stride - 1) }
            if c >= cellCount { cellSums.ensure(Sum.stride * c + Sum.stride - 1) }
        }

        /// A line of class `a` and cell `c`: their amounts and lines.
        @inline(__always) func book(class a: Int, cell c: Int, _ amount: Int64) {
            add(classSums, Sum.stride * a + Sum.amount, amount)
            classSums.increment(Sum.stride * a + Sum.lines)
            add(cellSums, Sum.stride * c + Sum.amount, amount)
            cellSums.increment(Sum.stride * c + Sum.lines)
        }

        /// A line of class `a` and cell `c` off contract.
        @inline(__always) func bookOff(class a: Int, cell c: Int, _ amount: Int64) {
            add(classSums, Sum.stride * a + Sum.off, amount)
            add(cellSums, Sum.stride * c + Sum.off, amount)
        }

        /// The sum `field` (`Sum`) of class `a`.
        @inline(__always) func classSum(_ a: Int, _ field: Int) -> Int64 { classSums[Sum.stride * a + field] }

        /// The sum `field` (`Sum`) of cell `c`.
        @inline(__always) func cellSum(_ c: Int, _ field: Int) -> Int64 { cellSums[Sum.stride * c + field] }

        /// Adds `amount` to a slot of `sums`, noting an overflow.
        @inline(__always) func add(_ sums: borrowing ZeroedBuffer<Int64>, _ i: Int, _ amount: Int64) {
            if sums.add(i, amount) { overflow = true }
        }
    }
}
