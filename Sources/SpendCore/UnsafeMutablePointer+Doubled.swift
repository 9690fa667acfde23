extension UnsafeMutablePointer {
    /// The buffer at twice its capacity: its first `count` elements move over and this one is freed.
    public func doubled(count: Int, capacity: inout Int) -> UnsafeMutablePointer<Pointee> {
        let bigger = UnsafeMutablePointer<Pointee>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: self, count: count)
        deallocate()
        capacity *= 2
        return bigger
    }
}
