#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer with read and write indices, owning its memory, so sockets can read
/// straight into it and the parser can look at what arrived without copies.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var readIndex = 0
    private(set) var writeIndex = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var readableCount: Int { writeIndex - readIndex }
    var isEmpty: Bool { writeIndex == readIndex }

    /// The unread bytes.
    var readable: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + readIndex, count: readableCount) }

    func consume(_ count: Int) {
        readIndex += count
        if readIndex == writeIndex { readIndex = 0; writeIndex = 0 }
    }

    func clear() { readIndex = 0; writeIndex = 0 }

    /// Free space after the written bytes, growing (or compacting) to have at least `minimum`.
    func writableSpace(minimum: Int) -> UnsafeMutableRawBufferPointer {
        if capacity - writeIndex < minimum {
            if readIndex > 0 {
                let count = readableCount
                if count > 0 { memmove(base, base + readIndex, count) }
                readIndex = 0
                writeIndex = count
            }
            if capacity - writeIndex < minimum {
                var newCapacity = capacity * 2
                while newCapacity - writeIndex < minimum { newCapacity *= 2 }
                let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                newBase.update(from: base, count: writeIndex)
                base.deallocate()
                base = newBase
                capacity = newCapacity
            }
        }
        return UnsafeMutableRawBufferPointer(start: base + writeIndex, count: capacity - writeIndex)
    }

    func didWrite(_ count: Int) { writeIndex += count }

    /// Shrinks a buffer that grew for one large message back to `capacity` when empty.
    func shrinkIfEmpty(to target: Int) {
        guard isEmpty, capacity > target else { return }
        base.deallocate()
        base = .allocate(capacity: target)
        capacity = target
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let space = writableSpace(minimum: bytes.count)
        space.copyMemory(from: bytes)
        writeIndex += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    func append(_ string: StaticString) {
        append(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    func append(byte: UInt8) {
        let space = writableSpace(minimum: 1)
        space[0] = byte
        writeIndex += 1
    }

    /// Appends a non-negative integer in decimal.
    func append(decimal value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = max(0, value)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - n] = UInt8(0x30 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            append(UnsafeRawBufferPointer(rebasing: d[(20 - n)...]))
        }
    }
}
