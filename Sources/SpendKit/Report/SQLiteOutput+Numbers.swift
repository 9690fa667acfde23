/// Invoice numbers and vouchers that hold a personnummer, as the database writes them: masked, and kept apart.
extension SQLiteOutput {
    /// The producer's text columns of a `maskedLine` (contract, dates, number, voucher, description) with each
    /// masked value (`SQLiteRows.maskedNumber`: masked, NUL, the run's token of the whole value) made the n-th
    /// distinct one written so, in file order: `240315****`, `240315**** (2)`. Distinct numbers stay distinct, so the
    /// views' `COUNT(DISTINCT invoice_number)` counts as before, and the bytes do not depend on the threads.
    /// - Returns: the new types and values, in `apart` (valid until the next call).
    /// `columns`: bit 1 the number, bit 2 the voucher, as the producer masked them (any other NUL is the data's).
    func numbersApart(types: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>, columns: UInt8) -> (
        types: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>
    ) {
        var outTypes: [UInt8] = [], outTail: [UInt8] = []
        var i = 0, at = 0, column = 0
        while i < types.count {
            var v: UInt64 = 0
            repeat { v = v << 7 | UInt64(types[i] & 0x7F); i += 1 } while types[i - 1] >= 0x80
            defer { column += 1 }
            guard v != 0 else { outTypes.append(0); continue }
            let n = Int(v - 13) / 2
            var text = Array(tail[at..<(at + n)])
            at += n
            if (column == 3 && columns & 1 != 0) || (column == 4 && columns & 2 != 0), let z = text.lastIndex(of: 0) {
                let shown = String(decoding: text[..<z], as: UTF8.self)
                let key = String(decoding: text, as: UTF8.self)
                var k = numberOrdinals[key] ?? 0
                if k == 0 {
                    k = (numbersMasked[shown] ?? 0) + 1
                    numbersMasked[shown] = k
                    numberOrdinals[key] = k
                }
                text = Array((k == 1 ? shown : "\(shown) (\(k))").utf8)
            }
            var type = [UInt8](repeating: 0, count: 9)
            let length = type.withUnsafeMutableBufferPointer {
                SQLiteVarint.put(UInt64(text.count) * 2 + 13, $0.baseAddress!)
            }
            outTypes += type[..<length]
            outTail += text
        }
        let n = outTypes.count + outTail.count
        if apart.count < n {
            apart.deallocate()
            apart = .allocate(capacity: max(n, 2 * apart.count))
        }
        _ = apart.initialize(from: outTypes + outTail)
        let all = UnsafeBufferPointer(apart)
        let k = outTypes.count
        return (UnsafeBufferPointer(rebasing: all[..<k]), UnsafeBufferPointer(rebasing: all[k..<n]))
    }
}
