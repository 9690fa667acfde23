import Foundation

/// Writes all of `bytes` at `offset` of `fd` (`pwrite` again after a short write or an interrupt): nil, or why not.
/// The one loop of the spill file, the database's page writer and its header.
func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> String? {
    var done = 0
    while done < bytes.count {
        let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n == 0 ? "no byte written" : String(cString: strerror(errno)) }
        done += n
    }
    return nil
}

/// Fills `out` from `offset` of `fd` (`pread` again after a short read or an interrupt): nil, or why not (the file
/// ending first is a failure). The one loop of the spill file's reads and the publish's compare.
func preadAll(_ fd: Int32, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> String? {
    var done = 0
    while done < out.count {
        let n = pread(fd, out.baseAddress! + done, out.count - done, off_t(offset + done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n == 0 ? "the file ends first" : String(cString: strerror(errno)) }
        done += n
    }
    return nil
}
