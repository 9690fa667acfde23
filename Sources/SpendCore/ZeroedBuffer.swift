/// Zero-filled numbers grown on demand and indexed without `Array`'s uniqueness and bounds checks: the fast path's
/// per-class and per-cell sums, touched several times per line. Noncopyable, so only its owner frees it.
/// - Complexity: O(1) per access; growing is amortised O(1) per slot.
public struct ZeroedBuffer<T: FixedWidthInteger>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<T>
    /// Slots that exist (all readable, zero until added to).
    @usableFromInline var slots: Int
    @inlinable public var count: Int { slots }

    @inlinable public init(count: Int = 0) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
        slots = count
    }

    deinit { base.deallocate() }

    @inlinable @inline(__always) public subscript(i: Int) -> T { base[i] }

    /// Adds `v` to slot `i`; true when the sum overflowed (it then wraps and is meaningless).
    @inlinable @inline(__always) public func add(_ i: Int, _ v: T) -> Bool {
        let (s, o) = base[i].addingReportingOverflow(v)
        base[i] = s
        return o
    }

    /// Adds one to slot `i` (a count, which cannot come near its type's limit per flush).
    @inlinable @inline(__always) public func increment(_ i: Int) { base[i] &+= 1 }

    /// Every slot back to zero, the room kept.
    @inlinable public func zero() { base.update(repeating: 0, count: slots) }

    /// Room for slot `i`: at least doubles, so growing line by line stays amortised O(1).
    @inlinable @inline(__always) public mutating func ensure(_ i: Int) {
        if i >= slots { grow(to: max(i + 1, 2 * slots)) }
    }

    @usableFromInline mutating func grow(to n: Int) {
        let p = UnsafeMutablePointer<T>.allocate(capacity: n)
        p.moveInitialize(from: base, count: slots)
        (p + slots).initialize(repeating: 0, count: n - slots)
        base.deallocate()
        base = p
        slots = n
    }
}
