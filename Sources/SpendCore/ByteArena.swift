import Foundation

/// A growable run of bytes that owns its memory and grows by `realloc`: a large block is remapped rather than copied,
/// so growing does not hold the old and the new block at once (a pool of a million names would briefly need twice
/// its 40 MB with an `Array`). Freed in `deinit`; a class, so a copy cannot free it twice.
/// - Complexity: amortised O(1) per appended byte.
public final class ByteArena: @unchecked Sendable {  // mutated only under its owner's lock (`StringPool`)
    public private(set) var count = 0
    private var capacity: Int
    private var base: UnsafeMutablePointer<UInt8>

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        guard let p = malloc(self.capacity) else { fatalError("out of memory for \(self.capacity) bytes") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    /// Appends `bytes`, doubling the block when they do not fit.
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity {
            var c = capacity
            while count + bytes.count > c { c *= 2 }
            guard let p = realloc(base, c) else { fatalError("out of memory for \(c) bytes") }
            base = p.assumingMemoryBound(to: UInt8.self)
            capacity = c
        }
        (base + count).update(from: src, count: bytes.count)
        count += bytes.count
    }

    /// Where byte `i` is; valid until the next `append`.
    @inline(__always) public func pointer(_ i: Int) -> UnsafePointer<UInt8> { UnsafePointer(base + i) }

    /// The bytes from `lo` up to `hi`; valid until the next `append`.
    @inline(__always) public func bytes(_ lo: Int, _ hi: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }
}
