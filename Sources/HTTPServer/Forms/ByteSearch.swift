#if canImport(Glibc)
import Glibc
#endif

/// Searching large bodies: `memchr` for the first byte of the needle, then a compare.
enum ByteSearch {
    /// The index of the first `byte` in `bytes[start..<end]`, or nil.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first occurrence of `needle` starting in `bytes[start..<end]` (it may extend
    /// past `end`, up to `bytes.count`), or nil.
    ///
    /// Linear in the bytes searched when the first byte of `needle` does not occur again in it (true of
    /// the multipart delimiter, CR LF "--" boundary, as a boundary has no CR): a failed compare at one
    /// candidate stops at the first mismatch, before the next candidate.
    static func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>,
                           from start: Int, to end: Int) -> Int? {
        guard let first = needle.first else { return nil }
        let lastStart = min(end, bytes.count - needle.count + 1)
        var i = start
        while i < lastStart {
            // Look at a few bytes before paying for a memchr call: dense candidates (a body of CRs or
            // CR LFs) would otherwise cost one call each.
            let inlineEnd = min(i + 16, lastStart)
            while i < inlineEnd, bytes[i] != first { i += 1 }
            if i == inlineEnd {
                guard let found = firstIndex(of: first, in: bytes, from: i, to: lastStart) else { return nil }
                i = found
            }
            var k = 1
            while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }
}
