import SpendCore

extension LineKernel {
    /// Sums of one year, dense by class, by cell and by contract: a class, so the hot loop reaches them through one
    /// reference and no array of structs has to be checked for uniqueness on every line.
    final class YearSums {
        let year: Int
        var amount = ZeroedBuffer<Int64>(), off = ZeroedBuffer<Int64>(), lines = ZeroedBuffer<Int32>()
        var cellAmount = ZeroedBuffer<Int64>(), cellOff = ZeroedBuffer<Int64>(), cellLines = ZeroedBuffer<Int32>()
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
            amount.zero(); off.zero(); lines.zero(); cellAmount.zero(); cellOff.zero(); cellLines.zero()
            contractAmount.zero(); contractLines.zero(); refAmount.zero(); refLines.zero(); months.zero()
            first = nil; last = nil; overflow = false; touched = false
            self.tally = tally
        }

        /// Room for class `a` and cell `c` (grown on first use in the year, in doublings).
        @inline(__always) func ensure(class a: Int, cell c: Int) {
            if a >= lines.count { amount.ensure(a); off.ensure(a); lines.ensure(a) }
            if c >= cellLines.count { cellAmount.ensure(c); cellOff.ensure(c); cellLines.ensure(c) }
        }

        /// Adds `amount` to a slot of `sums`, noting an overflow.
        @inline(__always) func add(_ sums: borrowing ZeroedBuffer<Int64>, _ i: Int, _ amount: Int64) {
            if sums.add(i, amount) { overflow = true }
        }
    }
}
